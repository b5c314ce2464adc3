import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMeasure, type DrillJournal } from '../../core/drill.ts';
import { escapeHtml } from '../../core/html-escape.ts';
import type { DrillReporter, DrillReporterOptions } from './drill-reporter.ts';
import { fileSafe } from './drill-reporter.ts';
import { timelineSvg } from './timeline-svg.ts';

/** One self-contained HTML page of a drill run: the timeline picture, the points, the measures and the steps. */
export function renderDrillHtml(j: DrillJournal): string {
  const m = j.measures;
  const rows = (pairs: Array<[string, string]>) =>
    pairs.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const points = Object.entries(j.timeline).map(([k, p]): [string, string] => [
    k,
    p.at !== undefined ? `${p.at}${p.detail ? ` — ${p.detail}` : ''}` : `n/a: ${p.reason}`,
  ]);
  const measures: Array<[string, string]> = [
    ['TTD (t2 − t0)', formatMeasure(m.ttd)],
    ['first failure (t1 − t0)', formatMeasure(m.timeToFirstFailure)],
    ['alarm after failure (t2 − t1)', formatMeasure(m.alarmAfterFailure)],
    ['time to act (t3 − t2)', formatMeasure(m.timeToAct)],
    ['TTF published (t4 − t0)', formatMeasure(m.ttf)],
    ['TTF client (slowest)', formatMeasure(m.ttfClient)],
    ...m.clients.map((c): [string, string] => [
      `TTF ${c.vantage}`,
      `${formatMeasure(c.ttf)} (tail ${formatMeasure(c.tail)})`,
    ]),
    ['TTR (t6 − t0)', formatMeasure(m.ttr)],
    ['failback (t8 − t7)', formatMeasure(m.failback)],
    ['failed canary runs', String(m.failedRuns)],
    ['flaps after t6', String(m.flaps)],
  ];
  const steps = j.steps
    .map(
      (s) =>
        `<tr class="${escapeHtml(s.outcome ?? '')}"><td>${escapeHtml(s.phase)}</td><td>${escapeHtml(s.step)}</td><td>${escapeHtml(s.outcome ?? 'running')}</td><td>${escapeHtml(s.startedAt)}</td><td>${escapeHtml(s.endedAt ?? '')}</td><td>${escapeHtml(s.detail ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>drill ${escapeHtml(j.drill)} ${escapeHtml(j.status)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}.failed td{background:#fde8e8}.aborted td{background:#fff3d6}.status-passed{color:#2e9d4f}.status-failed,.status-aborted{color:#d23c3c}</style>
</head><body>
<h1>drill ${escapeHtml(j.drill)} <span class="status-${escapeHtml(j.status)}">${escapeHtml(j.status)}</span></h1>
<p>${escapeHtml(j.id)} · ${escapeHtml(j.startedAt)} → ${escapeHtml(j.endedAt)} · ${escapeHtml(j.file)}${j.reason ? ` · ${escapeHtml(j.reason)}` : ''}</p>
<h2>Timeline</h2>
${timelineSvg(j)}
<table>${rows(points)}</table>
<h2>Measures</h2>
<table>${rows(measures)}</table>
<h2>Faults and reverts</h2>
<table>${rows([
    ...j.faults.map((f): [string, string] => [
      `fault ${f.target}`,
      `${JSON.stringify(f.spec)}${f.id ? ` · ${f.id} at ${f.injectedAt ?? ''}` : f.dryRun ? ' · dry run' : ' · not injected'}`,
    ]),
    ...j.reverts.map((r): [string, string] => [
      `revert ${r.target}`,
      `${r.outcome} at ${r.at}${r.error ? ` · ${r.error}` : ''}`,
    ]),
  ])}</table>
<h2>Steps</h2>
<table><tr><th>phase</th><th>step</th><th>outcome</th><th>started</th><th>ended</th><th>detail</th></tr>
${steps}</table>
</body></html>
`;
}

/** Writes `<outDir>/<drill>-<run id>.html` per run. */
export function htmlDrillReporter(opts: DrillReporterOptions): DrillReporter {
  return {
    async onDrillEnd(j) {
      await mkdir(opts.outDir, { recursive: true });
      const file = path.join(opts.outDir, `${fileSafe(j.drill)}-${j.id}.html`);
      await writeFile(file, renderDrillHtml(j));
      opts.write(`  html: ${file}`);
    },
  };
}
