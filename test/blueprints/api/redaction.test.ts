import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../../../core/types.ts';
import { executeRun } from '../../../runner/execute-run.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { jsonApi, type JsonApi } from '../../fixtures/site/json-api.ts';
import { noBrowser, validate } from './helpers.ts';

describe('api blueprint: secrets and credentials never reach the stored record', () => {
  let api: JsonApi;
  let site: FixtureSite;
  let dataDir: string;

  beforeAll(async () => {
    api = jsonApi('s3cr3t-Password-42');
    site = await startFixtureSite(api.mount);
    dataDir = await mkdtemp(path.join(tmpdir(), 'canarykit-api-redact-'));
    process.env.SHOP_PASSWORD = api.password;
    process.env.SHOP_API_KEY = 'key-0123456789abcdef';
  });
  afterAll(async () => {
    api?.close();
    await site?.close();
    await rm(dataDir, { recursive: true, force: true });
    delete process.env.SHOP_PASSWORD;
    delete process.env.SHOP_API_KEY;
  });

  it('redacts env secrets, tokens, Basic credentials and Authorization headers everywhere', async () => {
    const base = `${site.baseUrl}/api`;
    const { definition, problems } = validate({
      name: 'redact',
      timeout: 30,
      requests: [
        {
          name: 'login',
          method: 'POST',
          url: `${base}/login`,
          json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
          extract: { token: '$.token' },
          assert: [{ status: 200 }],
        },
        {
          name: 'orders',
          url: `${base}/orders`,
          headers: { Authorization: 'Bearer {{token}}' },
          assert: [{ status: 200 }],
        },
        // The echo sends back every header it got, so the credentials also appear in the response body.
        {
          name: 'echo-basic',
          method: 'POST',
          url: `${base}/echo`,
          query: { key: '{{env.SHOP_API_KEY}}' },
          auth: { basic: { username: 'svc', password: '{{env.SHOP_PASSWORD}}' } },
          body: `${'x'.repeat(4090)}{{env.SHOP_PASSWORD}}`,
        },
        {
          name: 'echo-bearer',
          method: 'POST',
          url: `${base}/echo`,
          auth: { bearer: '{{token}}' },
          headers: { 'x-api-key': '{{env.SHOP_API_KEY}}', cookie: 'sid=abc123def' },
          json: { note: 'token is {{token}}' },
          assert: [{ jsonPath: '$.body', op: 'contains', value: 'zzz' }],
        },
      ],
    });
    expect(problems).toEqual([]);
    const live: StepResult[] = [];
    const record = await executeRun({
      canary: definition!,
      runId: 'redact-1',
      attempt: 1,
      dataDir,
      browser: noBrowser,
      onStepEnd: (s) => live.push(s),
    });
    expect(record.steps.map((s) => s.status)).toEqual(['PASSED', 'PASSED', 'PASSED', 'FAILED']);
    const [token] = [...api.tokens];
    expect(token).toMatch(/^tok-/);
    const basic = Buffer.from(`svc:${api.password}`).toString('base64');
    for (const json of [JSON.stringify(record), JSON.stringify(live)]) {
      for (const secret of [api.password, 'hunte', 's3cr3t', token!, basic, 'key-0123456789abcdef', 'sid=abc123def'])
        expect(json).not.toContain(secret);
      expect(json).toContain('***');
    }
    const headers = (i: number) =>
      (record.steps[i]?.details?.exchange as { request: { headers: Record<string, string> } }).request.headers;
    expect(headers(1).authorization).toBe('***');
    expect(headers(2).authorization).toBe('***');
    expect(headers(3)).toMatchObject({ authorization: '***', 'x-api-key': '***', cookie: '***' });
    // The request really carried them.
    const echoed = api.seen.filter((s) => s.path === '/echo');
    expect(echoed[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(echoed[0]?.query).toEqual({ key: 'key-0123456789abcdef' });
    expect(echoed[1]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(record.reason).toBe(
      'step "echo-bearer" failed: expected $.body to contain "zzz", got "{\\"note\\":\\"token is ***\\"}"',
    );
  });
});
