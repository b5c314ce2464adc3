import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ping, resolveRedis } from '../../runner/resolve-redis.ts';
import { closedPort } from '../support/closed-port.ts';

describe('Redis discovery', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('prefers the configured URL, then a local Redis', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      expect((await resolveRedis('redis://example.invalid:1', '/nonexistent', false)).source).toBe('config');
      expect((await resolveRedis(undefined, '/nonexistent', false, 'redis://127.0.0.1:6379')).source).toBe('local');
      await expect(
        resolveRedis(undefined, '/nonexistent', false, `redis://127.0.0.1:${await closedPort()}`),
      ).rejects.toThrow(/no Redis/);
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });

  it('spawns a persistent redis-server under the data dir when none answers, and stops it', async () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'canary-redis-'));
    dirs.push(dataDir);
    try {
      const r = await resolveRedis(undefined, dataDir, true, `redis://127.0.0.1:${await closedPort()}`);
      expect(r.source).toBe('spawned');
      const client = new Redis(r.url);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      await client.set('k', 'v');
      client.disconnect();
      expect(existsSync(path.join(dataDir, 'redis'))).toBe(true);
      await r.stop();
      expect(await ping(r.url)).toBe(false);
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
  });
});
