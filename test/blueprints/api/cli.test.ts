import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../core/types.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { jsonApi, type JsonApi } from '../../fixtures/site/json-api.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { tripwireChrome } from './tripwire-chrome.ts';

const CLI = fileURLToPath(new URL('../../../bin/canary.js', import.meta.url));
const exec = promisify(execFile);

const ordersCanary = (base: string, name = 'orders-api', minOrders = 0) => `import { defineCanary } from 'canarykit';
export default defineCanary({ name: '${name}', blueprint: 'api', schedule: 'rate(1 minute)', timeout: 30,
  requests: [
    { name: 'login', method: 'POST', url: '${base}/login', json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
      assert: [{ status: 200 }, { jsonPath: '$.token', op: 'exists' }], extract: { token: '$.token' } },
    { name: 'orders', method: 'GET', url: '${base}/orders', headers: { authorization: 'Bearer {{token}}' },
      assert: [{ status: 200 }, { jsonPath: '$.orders.length', op: '>', value: ${minOrders} }, { responseTimeMs: '<', value: 500 }] },
  ] });
`;

describe('canary run with an api canary (no browser, no Redis)', () => {
  let api: JsonApi;
  let site: FixtureSite;
  let tmp: TempProject;
  let chrome: { chromePath: string; marker: string };

  beforeAll(async () => {
    api = jsonApi();
    site = await startFixtureSite(api.mount);
    tmp = await tempProject({
      'canaries/orders.canary.ts': ordersCanary(`${site.baseUrl}/api`),
      'canaries/too-few.canary.ts': ordersCanary(`${site.baseUrl}/api`, 'orders-too-few', 5),
    });
    chrome = await tripwireChrome(tmp.dir);
  });
  afterAll(async () => {
    api?.close();
    await site?.close();
    await tmp?.remove();
  });

  async function canary(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      ...process.env,
      REDIS_URL: 'redis://127.0.0.1:1',
      SHOP_PASSWORD: api.password,
      CHROME_PATH: chrome.chromePath,
      LOG_LEVEL: 'warn',
    };
    try {
      const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd: tmp.dir, env });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('passes, writes a redacted JSON record, and never starts Chromium', async () => {
    const out = path.join(tmp.dir, 'out-pass');
    const r = await canary('run', 'canaries/orders.canary.ts', '--reporter', 'list,json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ orders-api {2}PASSED {2}\d+ ms/);
    const files = await readdir(out);
    expect(files).toHaveLength(1);
    const text = await readFile(path.join(out, files[0]!), 'utf8');
    const run = JSON.parse(text) as RunRecord;
    expect(run).toMatchObject({
      canary: 'orders-api',
      blueprint: 'api',
      status: 'PASSED',
      reason: '2 requests passed',
    });
    expect(run.steps.map((s) => s.name)).toEqual(['login', 'orders']);
    expect(run.metrics?.map((m) => [m.metricName, m.value])).toEqual([
      ['2xx', 2],
      ['4xx', 0],
      ['5xx', 0],
    ]);
    const [token] = [...api.tokens];
    expect(text).not.toContain(api.password);
    expect(text).not.toContain(token);
    expect(text).toMatch(/"authorization": "\*\*\*"/);
    expect(existsSync(chrome.marker)).toBe(false);
  });

  it('exits 1 with the failing step and assertion', async () => {
    const r = await canary(
      'run',
      'canaries/too-few.canary.ts',
      '--reporter',
      'list',
      '--out',
      path.join(tmp.dir, 'out-fail'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ orders-too-few {2}FAILED {2}\d+ ms {2}step "orders" failed: expected \$\.orders\.length > 5, got 2/,
    );
    expect(existsSync(chrome.marker)).toBe(false);
  });

  it('exits 2 on an invalid api canary, naming the place', async () => {
    await tmp.write(
      'bad/op.canary.ts',
      `export default { name: 'bad-op', blueprint: 'api', schedule: 'once',
  requests: [{ url: 'http://127.0.0.1:1/' }, { url: 'http://127.0.0.1:1/', assert: [{ status: 200 }, { status: '2xx' }, { jsonPath: '$.a', op: 'like', value: 1 }] }] };\n`,
    );
    const r = await canary('run', 'bad/op.canary.ts');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'bad/op.canary.ts › requests[1].assert[2].op: expected one of "exists", "equals", "notEquals", "contains", "matches", "<", "<=", ">", ">=", "==", "!=", got "like"',
    );
  });

  it('(the tripwire does catch a browser launch: a heartbeat canary trips it)', async () => {
    await tmp.write(
      'hb/hb.canary.ts',
      `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'hb', blueprint: 'heartbeat', url: '${site.baseUrl}/api/health', schedule: 'once', timeout: 5 });\n`,
    );
    const r = await canary('run', 'hb/hb.canary.ts');
    expect(r.code).toBe(1);
    expect(existsSync(chrome.marker)).toBe(true);
  });
});
