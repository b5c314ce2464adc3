import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { RUNS_QUEUE } from '../../runner/run-worker.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const XSS = '<img src=x onerror=alert(1)>';

/** Reads server-sent events from a fetch body until `until` says stop; returns the events seen. */
async function readEvents(
  url: string,
  headers: Record<string, string>,
  until: (e: { id: string; event: string; data: Record<string, unknown> }) => boolean,
  onOpen?: () => Promise<void>,
) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: Array<{ id: string; event: string; data: Record<string, unknown> }> = [];
  let buf = '';
  let opened = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buf += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        if (block.includes(': ready') && !opened) {
          opened = true;
          await onOpen?.();
        }
        const id = /^id: (.+)$/m.exec(block)?.[1];
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (id && event && data) {
          const e = { id, event, data: JSON.parse(data) as Record<string, unknown> };
          seen.push(e);
          if (until(e)) return seen;
        }
      }
    }
  } finally {
    ac.abort();
  }
}

describe('dashboard API on a real stack', () => {
  const prefix = testPrefix('dash');
  let tmp: TempProject;
  let stack: Stack;
  let origin: Server;
  let api: string;
  beforeAll(async () => {
    origin = createServer((req, res) => {
      res.statusCode = req.url === '/down' ? 500 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const port = (origin.address() as AddressInfo).port;
    tmp = await tempProject({
      'canary.config.ts': `export default {
  redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { port: 0 },
  statusPages: [{ slug: 'shop', title: 'Shop status ${XSS}', description: 'For customers ${XSS}', tags: ['team=shop'] }],
};\n`,
      'canaries/shop.canary.ts': `export default { name: 'shop-home', blueprint: 'api', schedule: 'rate(1 hour)', tags: { team: 'shop' },
  requests: [{ url: 'http://127.0.0.1:${port}/' }],
  alarms: [{ name: 'shop-down', metricName: 'SuccessPercent', statistic: 'Average', period: 60, evaluationPeriods: 1,
    threshold: 100, comparisonOperator: 'LessThanThreshold' }] };\n`,
      'canaries/admin.canary.ts': `export default { name: 'internal-admin', blueprint: 'api', schedule: 'rate(1 hour)', tags: { team: 'ops' },
  requests: [{ url: 'http://127.0.0.1:${port}/secret-admin-path' }] };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api', 'scheduler', 'worker'] });
    api = stack.apiUrl!;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => origin?.close(resolve));
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it(
    'run-now enqueues a run that is recorded, and the SSE stream carries its RunFinished with a resumable id',
    { timeout: 180_000 },
    async () => {
      let runId = '';
      const events = await readEvents(
        `${api}/api/events`,
        {},
        (e) => e.event === 'RunFinished' && e.data.runId === runId,
        async () => {
          const res = await fetch(`${api}/api/canaries/shop-home/run`, { method: 'POST' });
          expect(res.status).toBe(202);
          runId = ((await res.json()) as { runId: string }).runId;
        },
      );
      const finished = events.at(-1)!;
      expect(finished.data).toMatchObject({ type: 'RunFinished', canary: 'shop-home', status: 'PASSED', runId });
      const run = await waitFor('the run record', async () => {
        const r = await fetch(`${api}/api/runs/${runId}`);
        return r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
      });
      expect(run.status).toBe('PASSED');
      // Resuming after an earlier id gets the same event again.
      const before = events.length > 1 ? events.at(-2)!.id : '0-0';
      const again = await readEvents(`${api}/api/events`, { 'last-event-id': before }, (e) => e.data.runId === runId);
      expect(again.at(-1)!.id).toBe(finished.id);
      const audit = (await (await fetch(`${api}/api/canaries/shop-home/audit`)).json()) as Array<{ action: string }>;
      expect(audit[0]).toMatchObject({ action: 'run', canary: 'shop-home', runId });
    },
  );

  it(
    'ends the SSE subscription (and its Redis connection) when the client disconnects',
    { timeout: 180_000 },
    async () => {
      // The API's open subscriptions on this process's event stream (a shared Redis has other processes' too).
      const subscribers = async () => (stack.events as unknown as { subscriptions: Set<unknown> }).subscriptions.size;
      const before = await subscribers();
      const ac = new AbortController();
      const res = await fetch(`${api}/api/events`, { signal: ac.signal });
      await res.body!.getReader().read();
      await waitFor('the subscription to open', async () => (await subscribers()) > before);
      ac.abort();
      // A subscription leaves the set once its read loop ended and its connection was closed.
      await waitFor('the subscription to close', async () => (await subscribers()) === before);
    },
  );

  it('GET /api/overview lists every canary with runs, uptime and durations, alarms by state, and empty sections', async () => {
    await waitFor(
      'a run of each canary',
      async () => {
        const o = (await (await fetch(`${api}/api/overview`)).json()) as { canaries: Array<{ lastRuns: unknown[] }> };
        return o.canaries.every((c) => c.lastRuns.length > 0);
      },
      120_000,
    );
    const o = (await (await fetch(`${api}/api/overview`)).json()) as {
      canaries: Array<Record<string, unknown> & { name: string; uptime: { d1: number | null } }>;
      alarms: Record<string, unknown[]>;
      dns: unknown[];
      faults: unknown[];
      drills: unknown[];
    };
    expect(o.canaries.map((c) => c.name).sort()).toEqual(['internal-admin', 'shop-home']);
    const headers = (await fetch(`${api}/api/overview`)).headers;
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const shop = o.canaries.find((c) => c.name === 'shop-home')!;
    expect(shop).toMatchObject({
      blueprint: 'api',
      schedule: 'rate(1 hour)',
      tags: { team: 'shop' },
      status: 'PASSED',
      paused: false,
    });
    expect(shop.uptime.d1).toBe(100);
    expect((shop.duration as { p50: number }).p50).toBeGreaterThanOrEqual(0);
    expect(Object.keys(o.alarms).sort()).toEqual(['ALARM', 'INSUFFICIENT_DATA', 'OK']);
    expect(o.dns).toEqual([]);
    expect(o.faults).toEqual([]);
    expect(o.drills).toEqual([]);
  }, 180_000);

  it(
    'pause removes the job scheduler and survives a reconcile; resume restores it; unknown canaries are 404',
    { timeout: 180_000 },
    async () => {
      const queue = new Queue(RUNS_QUEUE, {
        connection: new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }),
        prefix,
      });
      const schedulers = async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort();
      try {
        expect(await schedulers()).toEqual(['canary:internal-admin', 'canary:shop-home']);
        expect((await fetch(`${api}/api/canaries/shop-home/pause`, { method: 'POST' })).status).toBe(200);
        expect(await schedulers()).toEqual(['canary:internal-admin']);
        const list = (await (await fetch(`${api}/api/canaries`)).json()) as Array<{ name: string; paused: boolean }>;
        expect(list.find((c) => c.name === 'shop-home')?.paused).toBe(true);
        // A reload reconciles the schedulers: the pause is kept (it lives in Redis).
        await stack.reload(await loadProject({ cwd: tmp.dir }));
        expect(await schedulers()).toEqual(['canary:internal-admin']);
        expect((await fetch(`${api}/api/canaries/shop-home/resume`, { method: 'POST' })).status).toBe(200);
        expect(await schedulers()).toEqual(['canary:internal-admin', 'canary:shop-home']);
        const unknown = await fetch(`${api}/api/canaries/nope/run`, { method: 'POST' });
        expect(unknown.status).toBe(404);
        expect(((await unknown.json()) as { message: string }).message).toMatch(/unknown canary "nope"/);
        const audit = (await (await fetch(`${api}/api/canaries/shop-home/audit`)).json()) as Array<{ action: string }>;
        expect(audit.slice(0, 2).map((a) => a.action)).toEqual(['resume', 'pause']);
      } finally {
        await queue.close();
        await (await queue.client).quit().catch(() => undefined);
      }
    },
  );

  it('the status page shows only the canaries it lists, escapes its text, and runs no script', async () => {
    const setState = (stateValue: string, stateReason: string) =>
      fetch(`${api}/api/alarms/shop-down/state`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stateValue, stateReason }),
      });
    expect((await setState('ALARM', `checkout broke ${XSS} at http://10.9.9.9/internal`)).status).toBe(200);
    const overview = (await (await fetch(`${api}/api/overview`)).json()) as {
      alarms: { ALARM: Array<{ name: string; stateSince: string }> };
    };
    expect(overview.alarms.ALARM.map((a) => a.name)).toEqual(['shop-down']);
    expect(Date.parse(overview.alarms.ALARM[0]!.stateSince)).toBeGreaterThan(0);
    expect((await setState('OK', 'fixed')).status).toBe(200);
    const res = await fetch(`${api}/status/shop`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('shop-home');
    expect(html).not.toContain('internal-admin');
    expect(html).not.toContain('secret-admin-path');
    expect(html).not.toContain('127.0.0.1');
    // The incident from the alarm history is shown by component, without the alarm's reason.
    expect(html).toMatch(/<strong>shop-home<\/strong> down from <time>[^<]+<\/time> to <time>/);
    expect(html).not.toContain('checkout broke');
    expect(html).not.toContain('10.9.9.9');
    expect(html).not.toContain('shop-down');
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|style=|onerror=(?!alert\(1\)&gt;)/i);
    expect((html.match(/class="bar /g) ?? []).length).toBe(90);
    const json = (await (await fetch(`${api}/status/shop.json`)).json()) as { components: Array<{ name: string }> };
    expect(json.components.map((c) => c.name)).toEqual(['shop-home']);
    expect(JSON.stringify(json)).not.toContain('internal-admin');
    expect((await fetch(`${api}/status/nope`)).status).toBe(404);
  });

  it('badges are SVG, cacheable and public', async () => {
    for (const p of ['status.svg', 'uptime.svg?window=30d', 'duration.svg']) {
      const res = await fetch(`${api}/badge/shop-home/${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toMatch(/^<svg /);
    }
    expect(await (await fetch(`${api}/badge/shop-home/status.svg`)).text()).toContain('passing');
    expect((await fetch(`${api}/badge/nope/status.svg`)).status).toBe(404);
    expect((await fetch(`${api}/badge/shop-home/uptime.svg?window=2y`)).status).toBe(400);
  });
});
