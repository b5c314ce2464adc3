import { formatMeasure, type DrillJournal } from '../../core/drill.ts';
import { distributions } from './distribution.ts';
import type { DrillReporter, DrillReporterOptions } from './drill-reporter.ts';

const MARK = { passed: '✓', failed: '✗', aborted: '!', skipped: '-' } as const;
const POINTS = {
  t0: 'fault injected',
  t1: 'first failing canary run',
  t2: 'alarm in ALARM',
  t3: 'action issued',
  t4: 'switch confirmed (served)',
  t5: 'first passing run after t4',
  t6: 'steady state regained',
  t7: 'fault reverted',
  t8: 'failback complete',
} as const;

const secs = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);

/** Human output: each step as it ends, then the timeline and the measures; with `--repeat`, the distribution. */
export function listDrillReporter(opts: DrillReporterOptions): DrillReporter {
  return {
    onStep(drill, s) {
      if (s.outcome === undefined) return;
      if (s.phase === 'end') return;
      opts.write(`  ${MARK[s.outcome]} ${drill} ${s.phase}: ${s.step}${s.detail ? ` — ${s.detail}` : ''}`);
    },
    onDrillEnd(j: DrillJournal) {
      const t0 = j.timeline.t0.at ? Date.parse(j.timeline.t0.at) : undefined;
      opts.write(
        `${MARK[j.status === 'passed' ? 'passed' : j.status]} drill ${j.drill} ${j.status.toUpperCase()}${j.reason ? `: ${j.reason}` : ''}  (${j.id}${j.dryRun ? ', dry run' : ''})`,
      );
      if (t0 !== undefined) {
        for (const [k, label] of Object.entries(POINTS) as Array<[keyof typeof POINTS, string]>) {
          const p = j.timeline[k];
          opts.write(
            `    ${k} ${label.padEnd(28)} ${p.at !== undefined ? `+${((Date.parse(p.at) - t0) / 1000).toFixed(2)} s  ${p.at}${p.detail ? `  ${p.detail}` : ''}` : `—  ${p.reason}`}`,
          );
        }
        const m = j.measures;
        opts.write(
          `    TTD ${formatMeasure(m.ttd)} · time to act ${formatMeasure(m.timeToAct)} · TTF ${formatMeasure(m.ttf)} (client ${formatMeasure(m.ttfClient)}) · TTR ${formatMeasure(m.ttr)}`,
        );
        for (const c of m.clients)
          opts.write(
            `      ${c.vantage}: switched ${c.switchedAt.at ?? c.switchedAt.reason} (TTF ${formatMeasure(c.ttf)}, tail ${formatMeasure(c.tail)})`,
          );
        opts.write(`    failed canary runs ${m.failedRuns} · flaps ${m.flaps}`);
      }
      for (const r of j.reverts) opts.write(`    revert ${r.target}: ${r.outcome}${r.error ? ` (${r.error})` : ''}`);
    },
    onEnd(journals) {
      const byDrill = new Map<string, DrillJournal[]>();
      for (const j of journals) byDrill.set(j.drill, [...(byDrill.get(j.drill) ?? []), j]);
      for (const [drill, runs] of byDrill) {
        if (runs.length < 2) continue;
        const passed = runs.filter((r) => r.status === 'passed').length;
        opts.write(`drill ${drill}: ${passed}/${runs.length} passed`);
        for (const [name, d] of Object.entries(distributions(runs)))
          opts.write(
            `  ${name.padEnd(14)} median ${secs(d.medianMs)}  max ${secs(d.maxMs)}  (${d.n} runs${d.missing ? `, ${d.missing} without it` : ''})`,
          );
      }
    },
  };
}
