import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, ReporterOptions } from './reporter.ts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // XML 1.0 forbids most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Writes `<outDir>/junit.xml`: one testcase per canary, with the failure reason and artifact paths. */
export function junitReporter(opts: ReporterOptions): Reporter {
  return {
    async onEnd({ runs, durationMs }) {
      const failures = runs.filter((r) => r.status === 'FAILED').length;
      const errors = runs.filter((r) => r.status === 'ERROR').length;
      const cases = runs.map((r) => {
        const artifacts = r.artifacts.map((a) => path.join(opts.dataDir, a.path));
        const out = artifacts.length ? `\n    <system-out>${escape(artifacts.map((a) => `[[ATTACHMENT|${a}]]`).join('\n'))}</system-out>` : '';
        const body = r.status === 'FAILED'
          ? `\n    <failure message="${escape(r.reason)}" type="FAILED">${escape(r.reason)}</failure>`
          : r.status === 'ERROR' ? `\n    <error message="${escape(r.reason)}" type="ERROR">${escape(r.reason)}</error>` : '';
        return `  <testcase classname="canarykit.${escape(r.blueprint)}" name="${escape(r.canary)}" time="${(r.durationMs / 1000).toFixed(3)}">${body}${out}\n  </testcase>`;
      });
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="canarykit" tests="${runs.length}" failures="${failures}" errors="${errors}" time="${(durationMs / 1000).toFixed(3)}" timestamp="${new Date().toISOString()}">\n${cases.join('\n')}\n</testsuite>\n`;
      await mkdir(opts.outDir, { recursive: true });
      await writeFile(path.join(opts.outDir, 'junit.xml'), xml);
    },
  };
}
