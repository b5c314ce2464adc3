import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunRetentionPolicy } from '../core/canary.ts';
import { createLogger } from '../core/logger.ts';
import type { RunRecord } from '../core/types.ts';
import type { RunStore } from './run-store.ts';

const log = createLogger('retention');

export interface RetentionReport {
  deletedRuns: number;
  deletedDirs: number;
}

/**
 * Applies the retention policy: per canary, passed runs and failed/errored runs are each kept for `days` and
 * at most `runs`; older ones lose their record and their artifact directory. Artifact directories without a
 * record (a crash between writing artifacts and the record) are removed once older than the longest policy.
 */
export async function enforceRetention(
  store: RunStore,
  dataDir: string,
  canaries: readonly string[],
  policy: RunRetentionPolicy,
  now = Date.now(),
): Promise<RetentionReport> {
  const report: RetentionReport = { deletedRuns: 0, deletedDirs: 0 };
  const runsDir = path.join(dataDir, 'runs');
  const onDisk = await readdir(runsDir).catch(() => [] as string[]);
  for (const canary of new Set([...canaries, ...onDisk])) {
    const runs = await store.list({ canary, limit: 1000 });
    const expired: RunRecord[] = [];
    for (const [kind, rule] of [
      ['passed', policy.passed],
      ['failed', policy.failed],
    ] as const) {
      const mine = runs.filter((r) => (kind === 'passed') === (r.status === 'PASSED'));
      mine.forEach((r, i) => {
        if (i >= rule.runs || now - Date.parse(r.startedAt) > rule.days * 86_400_000) expired.push(r);
      });
    }
    await store.delete(expired);
    report.deletedRuns += expired.length;
    const kept = new Set(runs.map((r) => r.id).filter((id) => !expired.some((e) => e.id === id)));
    const dirs = await readdir(path.join(runsDir, canary)).catch(() => [] as string[]);
    const maxAge = Math.max(policy.passed.days, policy.failed.days) * 86_400_000;
    for (const dir of dirs) {
      const abs = path.join(runsDir, canary, dir);
      const expiredDir = expired.some((e) => e.id === dir);
      const orphan =
        !kept.has(dir) &&
        !expiredDir &&
        now -
          (await stat(abs).then(
            (s) => s.mtimeMs,
            () => now,
          )) >
          maxAge;
      if (expiredDir || orphan) {
        await rm(abs, { recursive: true, force: true });
        report.deletedDirs += 1;
      }
    }
  }
  if (report.deletedRuns || report.deletedDirs) log.info(report, 'retention applied');
  return report;
}
