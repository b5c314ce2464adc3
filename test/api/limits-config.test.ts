import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

const config = (prefix: string, limits: string) => `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { port: 0, limits: ${limits} } });
`;

describe('api.limits in the config', () => {
  let tmp: TempProject | undefined;
  let stack: Stack | undefined;
  const prefix = testPrefix('apilimits');
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('bounds the API that canary up starts', async () => {
    tmp = await tempProject({
      'canary.config.ts': config(prefix, '{ maxNewSeriesPerMinute: 2 }'),
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
    });
    stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'] });
    const put = (names: string[]) =>
      fetch(`${stack!.apiUrl}/api/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ namespace: 'Cap', metricData: names.map((n) => ({ metricName: n, value: 1 })) }),
      });
    expect((await put(['a', 'b'])).status).toBe(200);
    const refused = await put(['c']);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/at most 2 new series per minute/);
  });

  it('names a bad limit with its place', async () => {
    tmp = await tempProject({ 'canary.config.ts': config(prefix, '{ requestDeadlineMs: 0, maxBands: 3 }') });
    const err = await loadProject({ cwd: tmp.dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const found = (err as ConfigError).diagnostics.map(formatDiagnostic).join('\n');
    expect(found).toMatch(/canary\.config\.ts › api\.limits\.requestDeadlineMs: .*1/);
    expect(found).toMatch(/canary\.config\.ts › api\.limits.*maxBands/);
  });
});
