import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord, StepResult } from '../core/types.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

const escape = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // XML 1.0 forbids most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function outcome(status: StepResult['status'] | RunRecord['status'], message: string): string {
  if (status === 'FAILED')
    return `\n      <failure message="${escape(message)}" type="FAILED">${escape(message)}</failure>`;
  if (status === 'ERROR') return `\n      <error message="${escape(message)}" type="ERROR">${escape(message)}</error>`;
  return '';
}

function attachments(paths: readonly string[]): string {
  return paths.length
    ? `\n      <system-out>${escape(paths.map((a) => `[[ATTACHMENT|${a}]]`).join('\n'))}</system-out>`
    : '';
}

/**
 * The earlier attempts of a retried run, as Surefire writes reruns: a `<flakyError>` (or `<flakyFailure>`) per
 * attempt, with its reason and its artifacts as [[ATTACHMENT|…]] lines in a nested `<system-out>`.
 */
function reruns(r: RunRecord, abs: (p: string) => string): string {
  return (r.previousAttempts ?? [])
    .filter((a) => a.status !== 'PASSED')
    .map((a) => {
      const tag = a.status === 'FAILED' ? 'flakyFailure' : 'flakyError';
      const files = a.artifacts.map((f) => `[[ATTACHMENT|${abs(f.path)}]]`);
      const out = `attempt ${a.attempt} (run ${a.runId}) ${a.status}: ${a.reason}${files.length ? `\n${files.join('\n')}` : ''}`;
      return `\n      <${tag} message="${escape(a.reason)}" type="${a.status}"><system-out>${escape(out)}</system-out></${tag}>`;
    })
    .join('');
}

/**
 * Writes `<outDir>/junit.xml`: one testsuite per canary and one testcase per step, with the failure message
 * and artifact paths (as [[ATTACHMENT|…]] lines, which Jenkins and GitLab pick up). A run without steps is
 * one testcase named after the canary. A run that passed on a retry (flaky) carries its earlier attempts as
 * Surefire's `<flakyError>` elements on its last testcase, and a `flaky` property.
 */
export function junitReporter(opts: ReporterOptions): Reporter {
  return {
    async onEnd({ runs, durationMs }) {
      const abs = (p: string) => path.join(opts.dataDir, p);
      const suites = runs.map((r) => {
        const steps: Array<{
          name: string;
          status: StepResult['status'];
          durationMs: number;
          error: string;
          files: string[];
        }> = r.steps.length
          ? r.steps.map((s) => ({
              name: s.name,
              status: s.status,
              durationMs: s.durationMs,
              error: s.error ?? r.reason,
              files: (s.screenshots ?? []).map((a) => abs(a.path)),
            }))
          : [{ name: r.canary, status: r.status, durationMs: r.durationMs, error: r.reason, files: [] }];
        const runFiles = r.artifacts.map((a) => abs(a.path));
        const cases = steps.map((s, i) => {
          const last = i === steps.length - 1;
          const files = last ? [...new Set([...s.files, ...runFiles])] : s.files;
          return `    <testcase classname="${escape(r.canary)}" name="${escape(s.name)}" time="${(s.durationMs / 1000).toFixed(3)}">${outcome(s.status, s.error)}${last ? reruns(r, abs) : ''}${attachments(files)}\n    </testcase>`;
        });
        const failures = steps.filter((s) => s.status === 'FAILED').length;
        const errors = steps.filter((s) => s.status === 'ERROR').length;
        return `  <testsuite name="${escape(r.canary)}" tests="${steps.length}" failures="${failures}" errors="${errors}" time="${(r.durationMs / 1000).toFixed(3)}" timestamp="${r.startedAt}">
    <properties><property name="blueprint" value="${escape(r.blueprint)}"/><property name="status" value="${r.status}"/><property name="reason" value="${escape(r.reason)}"/><property name="runId" value="${escape(r.id)}"/>${r.flaky ? '<property name="flaky" value="true"/>' : ''}</properties>
${cases.join('\n')}
  </testsuite>`;
      });
      const tests = runs.reduce((n, r) => n + Math.max(1, r.steps.length), 0);
      const failed = runs.filter((r) => r.status === 'FAILED').length;
      const errored = runs.filter((r) => r.status === 'ERROR').length;
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="canarykit" tests="${tests}" failures="${failed}" errors="${errored}" time="${(durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
      await mkdir(opts.outDir, { recursive: true });
      await writeFile(path.join(opts.outDir, 'junit.xml'), xml);
    },
  };
}
