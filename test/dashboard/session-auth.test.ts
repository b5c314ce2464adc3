import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { badgeSvg } from '../../server/badge-svg.ts';
import { openApiWarning } from '../../cli/open-api-warning.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

const TOKEN = 'a-long-enough-dashboard-token-42';

describe('sessions and CSRF with api.token set', () => {
  const prefix = testPrefix('sess');
  let tmp: TempProject;
  let stack: Stack;
  let api: string;
  beforeAll(async () => {
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { port: 0, token: '${TOKEN}' },
  statusPages: [{ slug: 'pub', title: 'Public', canaries: ['a'] }] };\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'] });
    api = stack.apiUrl!;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('refuses a session-less request, signs in with the token, and needs the CSRF token to change state', async () => {
    expect((await fetch(`${api}/api/overview`)).status).toBe(401);
    expect((await fetch(`${api}/api/events`)).status).toBe(401);
    expect(await (await fetch(`${api}/api/session`)).json()).toMatchObject({ signedIn: false, tokenRequired: true });

    const wrong = await fetch(`${api}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'not-the-token' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const login = await fetch(`${api}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    expect(csrfToken.length).toBeGreaterThan(20);
    // The session lives in Redis with an expiry.
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await Promise.all((await redis.keys(`${prefix}:session:*`)).map((k) => redis.pttl(k)));
    redis.disconnect();
    expect(keys.length).toBe(1);
    expect(keys[0]).toBeGreaterThan(0);

    expect(await (await fetch(`${api}/api/session`, { headers: { cookie } })).json()).toMatchObject({
      signedIn: true,
      csrfToken,
    });
    expect((await fetch(`${api}/api/overview`, { headers: { cookie } })).status).toBe(200);

    const noCsrf = await fetch(`${api}/api/canaries/a/pause`, { method: 'POST', headers: { cookie } });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { message: string }).message).toMatch(/X-CSRF-Token/);
    const badCsrf = await fetch(`${api}/api/canaries/a/pause`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': 'wrong' },
    });
    expect(badCsrf.status).toBe(403);
    const ok = await fetch(`${api}/api/canaries/a/pause`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(ok.status).toBe(200);
    // Scripts use the bearer token and need no CSRF token.
    const bearer = await fetch(`${api}/api/canaries/a/resume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
    const audit = (await (await fetch(`${api}/api/canaries/a/audit`, { headers: { cookie } })).json()) as Array<{
      action: string;
      by: string;
    }>;
    expect(audit.slice(0, 2)).toMatchObject([
      { action: 'resume', by: 'token' },
      { action: 'pause', by: 'session' },
    ]);

    const logout = await fetch(`${api}/api/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.status).toBe(200);
    expect((await fetch(`${api}/api/overview`, { headers: { cookie } })).status).toBe(401);
  });

  it('keeps status pages and badges public', async () => {
    expect((await fetch(`${api}/status/pub`)).status).toBe(200);
    expect((await fetch(`${api}/badge/a/status.svg`)).status).toBe(200);
  });
});

describe('escaping and the open-API warning', () => {
  it('escapes user text in SVG badges', () => {
    const svg = badgeSvg('<img src=x onerror=alert(1)>', 'a "b" & c', 'red');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('a &quot;b&quot; &amp; c');
  });

  it('warns when the API has no token and listens beyond loopback', () => {
    expect(openApiWarning({ host: '0.0.0.0', port: 8080 })).toMatch(/WARNING.*no api\.token/);
    expect(openApiWarning({ host: '10.1.2.3', port: 8080 })).toMatch(/WARNING/);
    expect(openApiWarning({ host: '127.0.0.1', port: 8080 })).toBeUndefined();
    expect(openApiWarning({ host: 'localhost', port: 8080 })).toBeUndefined();
    expect(openApiWarning({ host: '::1', port: 8080 })).toBeUndefined();
    expect(openApiWarning({ host: '0.0.0.0', port: 8080, token: 'x'.repeat(16) })).toBeUndefined();
  });
});
