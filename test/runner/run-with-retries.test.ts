import { describe, expect, it } from 'vitest';
import type { RunRecord, RunStatus } from '../../core/types.ts';
import { runWithRetries } from '../../runner/run-with-retries.ts';

/** An execute() that answers the given statuses in turn, remembering the ids and attempts it was asked for. */
function scripted(statuses: RunStatus[]) {
  const calls: Array<{ runId: string; attempt: number }> = [];
  const execute = (runId: string, attempt: number): Promise<RunRecord> => {
    calls.push({ runId, attempt });
    const status = statuses[calls.length - 1] ?? 'PASSED';
    return Promise.resolve({
      id: runId,
      canary: 'c',
      blueprint: 'api',
      status,
      reason: `attempt ${attempt} ${status}`,
      steps: [],
      artifacts: [],
      details: {},
      startedAt: new Date(0).toISOString(),
      endedAt: new Date(0).toISOString(),
      durationMs: 0,
      worker: 'test',
      attempt,
    });
  };
  return { calls, execute };
}

describe('runWithRetries', () => {
  it('in-process: retries ERROR until an attempt does not ERROR, and marks a late pass flaky', async () => {
    const { calls, execute } = scripted(['ERROR', 'ERROR', 'PASSED']);
    const seen: RunRecord[] = [];
    const { record, retry } = await runWithRetries({
      attempt: 1,
      attempts: 3,
      retries: 'in-process',
      runIdFor: (a) => `run-a${a}`,
      execute,
      onAttempt: (r) => Promise.resolve(void seen.push(r)),
    });
    expect(calls).toEqual([
      { runId: 'run-a1', attempt: 1 },
      { runId: 'run-a2', attempt: 2 },
      { runId: 'run-a3', attempt: 3 },
    ]);
    expect(record).toMatchObject({ id: 'run-a3', attempt: 3, status: 'PASSED', flaky: true });
    expect(retry).toBe(false);
    expect(seen.map((r) => r.status)).toEqual(['ERROR', 'ERROR', 'PASSED']);
  });

  it('in-process: FAILED is final, and the last ERROR stands when no attempt is left', async () => {
    const failed = scripted(['FAILED']);
    const a = await runWithRetries({ attempt: 1, attempts: 3, retries: 'in-process', runIdFor: String, ...failed });
    expect(failed.calls).toHaveLength(1);
    expect(a.record.status).toBe('FAILED');
    expect(a.record.flaky).toBeUndefined();

    const broken = scripted(['ERROR', 'ERROR']);
    const b = await runWithRetries({ attempt: 1, attempts: 2, retries: 'in-process', runIdFor: String, ...broken });
    expect(broken.calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(b).toMatchObject({ record: { status: 'ERROR', attempt: 2 }, retry: false });
  });

  it('requeue: makes one attempt from the given number and says whether another is due', async () => {
    const first = scripted(['ERROR']);
    const a = await runWithRetries({
      attempt: 1,
      attempts: 2,
      retries: 'requeue',
      runIdFor: (n) => `j-a${n}`,
      ...first,
    });
    expect(first.calls).toEqual([{ runId: 'j-a1', attempt: 1 }]);
    expect(a.retry).toBe(true);

    const second = scripted(['PASSED']);
    const b = await runWithRetries({
      attempt: 2,
      attempts: 2,
      retries: 'requeue',
      runIdFor: (n) => `j-a${n}`,
      ...second,
    });
    expect(second.calls).toEqual([{ runId: 'j-a2', attempt: 2 }]);
    expect(b).toMatchObject({ record: { id: 'j-a2', flaky: true }, retry: false });

    const last = scripted(['ERROR']);
    const c = await runWithRetries({ attempt: 2, attempts: 2, retries: 'requeue', runIdFor: String, ...last });
    expect(c.retry).toBe(false);
  });

  it('links the earlier attempts: remembered in-process, read back from the store with requeue', async () => {
    const inProcess = scripted(['ERROR', 'PASSED']);
    const a = await runWithRetries({
      attempt: 1,
      attempts: 2,
      retries: 'in-process',
      runIdFor: (n) => `p-a${n}`,
      ...inProcess,
    });
    expect(a.record.previousAttempts).toEqual([
      { runId: 'p-a1', attempt: 1, status: 'ERROR', reason: 'attempt 1 ERROR', artifacts: [] },
    ]);

    // The worker's case: attempt 1 ran in an earlier job attempt (maybe elsewhere) and was stored.
    const stored = new Map<string, RunRecord>();
    const first = scripted(['ERROR']);
    await runWithRetries({
      attempt: 1,
      attempts: 2,
      retries: 'requeue',
      runIdFor: (n) => `q-a${n}`,
      ...first,
      onAttempt: (r) => Promise.resolve(void stored.set(r.id, r)),
    });
    const second = scripted(['PASSED']);
    const b = await runWithRetries({
      attempt: 2,
      attempts: 2,
      retries: 'requeue',
      runIdFor: (n) => `q-a${n}`,
      execute: second.execute,
      findAttempt: (id) => Promise.resolve(stored.get(id)),
    });
    expect(b.record).toMatchObject({ id: 'q-a2', flaky: true });
    expect(b.record.previousAttempts).toEqual([
      { runId: 'q-a1', attempt: 1, status: 'ERROR', reason: 'attempt 1 ERROR', artifacts: [] },
    ]);
    expect(a.record.previousAttempts?.[0]?.runId).toBe('p-a1');
  });
});
