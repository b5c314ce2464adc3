import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DrillJournal, DrillStepRecord } from '../../core/drill.ts';
import type { DrillReporter, DrillReporterOptions } from './drill-reporter.ts';

const escape = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const seconds = (s: DrillStepRecord) =>
  s.endedAt ? ((Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000).toFixed(3) : '0';

function testcase(j: DrillJournal, s: DrillStepRecord): string {
  const name = `${s.phase}: ${s.step}`;
  const open = `    <testcase classname="drill.${escape(j.drill)}" name="${escape(name)}" time="${seconds(s)}"`;
  const msg = escape(s.detail ?? s.outcome ?? 'not run');
  if (s.outcome === 'passed') return `${open}/>`;
  if (s.outcome === 'failed')
    return `${open}>\n      <failure message="${msg}" type="failed">${msg}</failure>\n    </testcase>`;
  return `${open}>\n      <skipped message="${msg}"/>\n    </testcase>`;
}

/**
 * Writes `<outDir>/drills-junit.xml`: one testsuite per drill run and one testcase per expectation (`expect` and
 * `recover`); a drill that failed or aborted before its expectations (steady state, lock, an error) is one failing
 * testcase saying why.
 */
export function junitDrillReporter(opts: DrillReporterOptions): DrillReporter {
  return {
    async onEnd(journals) {
      const suites = journals.map((j) => {
        const cases = j.steps.filter((s) => s.phase === 'expect' || s.phase === 'recover');
        const lines = cases.map((s) => testcase(j, s));
        if (j.status !== 'passed' && !cases.some((s) => s.outcome === 'failed')) {
          const msg = escape(j.reason ?? j.status);
          lines.push(
            `    <testcase classname="drill.${escape(j.drill)}" name="drill ${j.status}" time="0">\n      <failure message="${msg}" type="${j.status}">${msg}</failure>\n    </testcase>`,
          );
        }
        const failures = lines.filter((l) => l.includes('<failure')).length;
        const skipped = lines.filter((l) => l.includes('<skipped')).length;
        const time = ((Date.parse(j.endedAt) - Date.parse(j.startedAt)) / 1000).toFixed(3);
        return `  <testsuite name="drill ${escape(j.drill)}" tests="${lines.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${time}" timestamp="${j.startedAt}">\n    <properties><property name="drillRunId" value="${j.id}"/><property name="status" value="${j.status}"/></properties>\n${lines.join('\n')}\n  </testsuite>`;
      });
      await mkdir(opts.outDir, { recursive: true });
      const file = path.join(opts.outDir, 'drills-junit.xml');
      await writeFile(
        file,
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="canarykit drills">\n${suites.join('\n')}\n</testsuites>\n`,
      );
      opts.write(`  junit: ${file}`);
    },
  };
}
