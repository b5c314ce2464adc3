import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { failoverProject } from '../support/failover-project.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';

describe('HTTP API errors are JSON with the right status', () => {
  const prefix = testPrefix('api');
  let stack: Stack;
  let tmp: TempProject;

  beforeAll(async () => {
    let project;
    ({ tmp, project } = await failoverProject({
      prefix,
      primaryUrl: 'http://127.0.0.2:9/',
      webhookUrl: 'http://127.0.0.1:9/hook',
    }));
    stack = await startStack({ project, roles: ['api', 'alarms'] });
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  const get = async (path: string) => {
    const res = await fetch(`${stack.apiUrl}${path}`);
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  it.each([
    ['/nope', 404, /no route for GET \/nope/],
    ['/api/runs/does-not-exist', 404, /unknown run "does-not-exist"/],
    ['/api/alarms/ghost', 404, /unknown alarm "ghost"/],
    ['/api/alarms/ghost/evaluations', 404, /unknown alarm "ghost"/],
    ['/api/runs?canary=ghost', 404, /unknown canary "ghost"/],
    ['/api/runs?limit=abc', 400, /"limit" must be an integer/],
    ['/api/runs?limit=0', 400, /"limit" must be an integer/],
    ['/api/runs/does-not-exist/artifacts/screenshot.png', 404, /unknown run/],
  ])('GET %s → %i', async (path, status, message) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/application\/json/);
    expect(String(r.body.message)).toMatch(message);
  });

  it('answers the documented routes', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok', redis: 'ok' });
    const canaries = (await fetch(`${stack.apiUrl}/api/canaries`).then((r) => r.json())) as Array<
      Record<string, unknown>
    >;
    expect(canaries).toEqual([
      expect.objectContaining({
        name: 'www-home',
        blueprint: 'heartbeat',
        schedule: 'rate(1 second)',
        alarms: ['www-down'],
        lastRun: null,
      }),
    ]);
    const alarms = (await fetch(`${stack.apiUrl}/api/alarms`).then((r) => r.json())) as Array<Record<string, unknown>>;
    expect(alarms).toEqual([expect.objectContaining({ name: 'www-down', state: 'INSUFFICIENT_DATA' })]);
    const alarm = await get('/api/alarms/www-down');
    expect(alarm.body).toMatchObject({ name: 'www-down', state: 'INSUFFICIENT_DATA', reason: expect.any(String) });
    expect(alarm.body.history).toEqual([expect.objectContaining({ type: 'ConfigurationUpdate' })]);
    const metrics = await fetch(`${stack.apiUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('canarykit_alarm_state{alarm="www-down",state="INSUFFICIENT_DATA"} 1');
  });

  it('serves consistent Prometheus text to concurrent scrapes', async () => {
    const texts = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${stack.apiUrl}/metrics`).then((r) => r.text())),
    );
    for (const t of texts) {
      const ones = t
        .split('\n')
        .filter((l) => l.startsWith('canarykit_alarm_state{alarm="www-down"') && l.endsWith(' 1'));
      expect(ones).toHaveLength(1);
    }
  });
});
