import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

const TOKEN = 'a-long-enough-test-token-1234';

describe('API token', () => {
  const prefix = testPrefix('token');
  let tmp: TempProject;
  let stack: Stack;
  beforeAll(async () => {
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { port: 0, token: '${TOKEN}' } };\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'once' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'] });
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('requires the bearer token on /api routes, and leaves /healthz and /metrics open', async () => {
    const none = await fetch(`${stack.apiUrl}/api/canaries`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toMatch(/bearer token/);
    expect((await fetch(`${stack.apiUrl}/api/canaries`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${stack.apiUrl}/api/canaries`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${stack.apiUrl}/api/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await fetch(`${stack.apiUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(200);
  });
});
