import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';

const log = createLogger('redis');

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ResolvedRedis {
  url: string;
  /** How it was found: `config` (config or REDIS_URL), `local` (127.0.0.1:6379) or `spawned`. */
  source: 'config' | 'local' | 'spawned';
  /** Stops a spawned redis-server; no-op otherwise. */
  stop(): Promise<void>;
}

export async function ping(url: string, timeoutMs = 500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Finds Redis: the config's `redis` (or REDIS_URL), else 127.0.0.1:6379 when it answers, else (when allowed)
 * a `redis-server` spawned with append-only persistence under `<dataDir>/redis`, stopped by `stop()`.
 */
export async function resolveRedis(
  configured: string | undefined,
  dataDir: string,
  allowSpawn: boolean,
  localUrl = LOCAL_REDIS_URL,
): Promise<ResolvedRedis> {
  const explicit = configured ?? process.env.REDIS_URL;
  if (explicit) return { url: explicit, source: 'config', stop: async () => {} };
  if (await ping(localUrl)) return { url: localUrl, source: 'local', stop: async () => {} };
  if (!allowSpawn) throw new Error(`no Redis: set REDIS_URL or the config's "redis", or start one on ${localUrl}`);
  const binary =
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].find((p) =>
      existsSync(p),
    ) ?? 'redis-server';
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`cannot start redis-server (${e.message}); install it with: apt-get install -y redis-server`)),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await ping(url, 200)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on ${url}`);
  })();
  await Promise.race([ready, spawnError]);
  log.info({ url, dir }, 'started an embedded redis-server');
  return {
    url,
    source: 'spawned',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
