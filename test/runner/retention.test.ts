import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord, RunStatus } from '../../core/types.ts';
import { enforceRetention } from '../../runner/retention.ts';
import { RunStore } from '../../runner/run-store.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

const DAY = 86_400_000;

describe('data dir retention', () => {
  const prefix = testPrefix('retention');
  let redis: Redis;
  let dataDir: string;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    dataDir = await mkdtemp(path.join(tmpdir(), 'canary-retention-'));
  });
  afterAll(async () => {
    redis.disconnect();
    await rm(dataDir, { recursive: true, force: true });
    await deletePrefix(prefix);
  });

  it('keeps passed and failed runs by their own day and count limits, and removes orphan artifact dirs', async () => {
    const store = new RunStore(redis, prefix);
    const now = Date.now();
    const run = async (id: string, status: RunStatus, ageDays: number) => {
      const at = new Date(now - ageDays * DAY).toISOString();
      const r: RunRecord = {
        id,
        canary: 'shop',
        blueprint: 'heartbeat',
        status,
        reason: '',
        steps: [],
        artifacts: [],
        details: {},
        startedAt: at,
        endedAt: at,
        durationMs: 1,
        worker: 'w',
        attempt: 1,
      };
      await store.save(r);
      await mkdir(path.join(dataDir, 'runs', 'shop', id), { recursive: true });
      await writeFile(path.join(dataDir, 'runs', 'shop', id, 'screenshot.png'), 'x');
    };
    for (let i = 0; i < 5; i++) await run(`p${i}`, 'PASSED', i * 0.1);
    await run('p-old', 'PASSED', 3);
    await run('f-recent', 'FAILED', 1);
    await run('f-old', 'FAILED', 20);
    await run('e-mid', 'ERROR', 5);
    const orphan = path.join(dataDir, 'runs', 'shop', 'orphan');
    await mkdir(orphan, { recursive: true });
    const old = new Date(now - 40 * DAY);
    await utimes(orphan, old, old);

    const report = await enforceRetention(
      store,
      dataDir,
      ['shop'],
      { passed: { days: 2, runs: 3 }, failed: { days: 10, runs: 5 } },
      now,
    );
    const left = (await store.list({ canary: 'shop', limit: 100 })).map((r) => r.id).sort();
    expect(left).toEqual(['e-mid', 'f-recent', 'p0', 'p1', 'p2']);
    expect(report).toEqual({ deletedRuns: 4, deletedDirs: 5 });
    expect(existsSync(path.join(dataDir, 'runs', 'shop', 'p3'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'runs', 'shop', 'f-old'))).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(path.join(dataDir, 'runs', 'shop', 'p0', 'screenshot.png'))).toBe(true);
  });
});
