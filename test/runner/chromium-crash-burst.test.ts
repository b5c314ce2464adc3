import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { RunStore } from '../../runner/run-store.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const CRASHES = 5;

/** Pids of the Chromium browser processes this test process started (its direct children). */
function chromiumChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /chrom/i.test(readFileSync(`/proc/${entry}/cmdline`, 'utf8')))
        pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('Chromium crashing again and again under a worker', () => {
  const prefix = testPrefix('crashes');
  let server: Server;
  let crashes = 0;
  let tmp: TempProject;
  let stack: Stack | undefined;
  let redis: Redis;

  beforeAll(async () => {
    // Every request of the burst kills the browser that sent it, mid-navigation; later requests are answered.
    server = createServer((_req, res) => {
      if (crashes < CRASHES) {
        crashes++;
        for (const pid of chromiumChildren()) process.kill(pid, 'SIGKILL');
        return; // never answered: the browser is gone
      }
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><h1>Welcome</h1>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1, errorRetries: 1 } });
`,
      'canaries/site.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'site', blueprint: 'heartbeat', url: '${url}', expectText: 'Welcome', schedule: 'rate(1 second)', timeout: 20 });
`,
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await stack?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await tmp?.remove();
    redis?.disconnect();
    await deletePrefix(prefix);
  });

  it(
    'records each crash as ERROR (never FAILED), relaunches the browser, and passes once the crashes stop',
    { timeout: 180_000 },
    async () => {
      stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['scheduler', 'worker'] });
      const store = new RunStore(redis, prefix);
      const runs = await waitFor(
        'a passing run after the burst of crashes',
        async () => {
          const all = await store.list({ limit: 1000 });
          return crashes === CRASHES && all.some((r) => r.status === 'PASSED') ? all : undefined;
        },
        150_000,
        200,
      );
      const errors = runs.filter((r) => r.status === 'ERROR');
      expect(errors.length).toBeGreaterThan(0);
      expect(runs.filter((r) => r.status === 'FAILED')).toEqual([]);
      // Each crash ended one attempt; an attempt that crashed and was retried keeps its evidence as its own record.
      expect(errors.length).toBeLessThanOrEqual(CRASHES);
    },
  );
});
