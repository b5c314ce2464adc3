import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

async function problems(files: Record<string, string>): Promise<string[]> {
  tmp = await tempProject(files);
  try {
    await loadProject({ cwd: tmp.dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const config = `import { defineConfig } from 'canarykit';
export default defineConfig({
  dns: { zones: [{ name: 'demo.test', records: [{ name: 'www.demo.test', type: 'A', primary: '127.0.0.2', secondary: '127.0.0.3' }] }] },
  actions: { 'www-failover': { type: 'dns-failover', record: 'www.demo.test' }, hook: { type: 'webhook', url: 'http://127.0.0.1:9/h' } },
});
`;

describe('project validation', () => {
  it('loads a valid project with defaults applied', async () => {
    tmp = await tempProject({
      'canary.config.ts': config,
      'canaries/ok.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1:8000/', schedule: 'cron(0/5 * * * ? *)',
  alarms: [{ name: 'ok-down', metricName: 'SuccessPercent', period: 60, evaluationPeriods: 3, threshold: 90, comparisonOperator: 'LessThanThreshold', alarmActions: ['www-failover'] }] });
`,
    });
    const p = await loadProject({ cwd: tmp.dir });
    expect(p.canaries).toHaveLength(1);
    expect(p.canaries[0]).toMatchObject({
      name: 'ok',
      timeoutMs: 60_000,
      schedule: { kind: 'cron', pattern: '0 0/5 * * * *' },
    });
    expect(p.alarms[0]).toMatchObject({
      name: 'ok-down',
      namespace: 'CanaryKit',
      dimensions: { CanaryName: 'ok' },
      statistic: 'Average',
      datapointsToAlarm: 3,
      treatMissingData: 'missing',
      actionsEnabled: true,
      okActions: [],
    });
    expect(p.config.actions.hook).toMatchObject({ type: 'webhook', timeoutMs: 5000 });
  });

  it('reports every problem at once, each with its file and field', async () => {
    const found = await problems({
      'canary.config.ts': config,
      'canaries/shop.canary.ts': `export default { name: 'shop', blueprint: 'heartbeat', url: 'ftp://shop', schedule: 'rate(5 fortnights)', timeout: 'ten',
  alarms: [{ name: 'shop-down', metricName: 'SuccessPercent', period: 1, evaluationPeriods: 1, threshold: 'high', comparisonOperator: 'LessThanThreshold' },
           { name: 'shop-slow', metricName: 'Duration', period: 1, evaluationPeriods: 1, threshold: 500, comparisonOperator: 'GreaterThanThreshold', alarmActions: ['pager'] }],
  colour: 'red' };
`,
      'canaries/other.canary.ts': `export default { name: 'shop', blueprint: 'heartbeats', schedule: 'rate(1 minute)' };\n`,
      'canaries/nameless.canary.ts': `export default { blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'cron(0 12 * * *)' };\n`,
      'canaries/broken.canary.ts': `export default { name: 'x' +;\n`,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'canaries/shop.canary.ts › timeout: expected a number, got "ten"',
        'canaries/shop.canary.ts › alarms[0].threshold: expected a number, got "high"',
        'canaries/shop.canary.ts › colour: unknown field for blueprint "heartbeat"',
        expect.stringMatching(/^canaries\/shop\.canary\.ts › url: .*http/),
        expect.stringMatching(/^canaries\/shop\.canary\.ts › schedule: unknown unit "fortnights"/),
        expect.stringMatching(/^canaries\/shop\.canary\.ts › alarms\[1\]\.alarmActions\[0\]: unknown action "pager"/),
        expect.stringMatching(
          /^canaries\/other\.canary\.ts › blueprint: unknown blueprint "heartbeats": expected one of .*\bheartbeat\b/,
        ),
        expect.stringMatching(/^canaries\/(other|shop)\.canary\.ts › name: duplicate canary name "shop"/),
        'canaries/nameless.canary.ts › name: required field is missing (expected a string)',
        expect.stringMatching(
          /^canaries\/nameless\.canary\.ts › schedule: cron\(0 12 \* \* \*\) has 5 fields: expected 6/,
        ),
        expect.stringMatching(/^canaries\/broken\.canary\.ts: cannot load: .*broken\.canary\.ts:1:\d+/),
      ]),
    );
    expect(found).toHaveLength(11);
  });

  it('checks the config itself: action types, their fields and DNS record references', async () => {
    const found = await problems({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ api: { port: 'eighty' }, actions: { a: { type: 'webhook', url: 'not a url' }, b: { type: 'dns-failover', record: 'nope.test' }, c: { type: 'bogus' } } } as never);
`,
      'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
    });
    // One pass: the schema problem in `api` hides none of the action problems.
    expect(found).toEqual([
      'canary.config.ts › api.port: expected a number, got "eighty"',
      'canary.config.ts › actions.a.url: expected an http(s) URL',
      expect.stringMatching(/^canary\.config\.ts › actions\.b\.record: unknown DNS record "nope\.test"/),
      'canary.config.ts › actions.c.type: unknown action type "bogus"',
    ]);
  });

  it('checks actions when the rest of the config is valid', async () => {
    const found = await problems({
      'canary.config.ts': `export default { actions: { a: { type: 'webhook', url: 'not a url' }, b: { type: 'dns-failover', record: 'nope.test' }, c: { type: 'bogus' } } };\n`,
      'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
    });
    expect(found).toEqual([
      'canary.config.ts › actions.a.url: expected an http(s) URL',
      expect.stringMatching(/^canary\.config\.ts › actions\.b\.record: unknown DNS record "nope\.test"/),
      'canary.config.ts › actions.c.type: unknown action type "bogus"',
    ]);
  });

  it('says when no config file exists', async () => {
    const found = await problems({ 'canaries/ok.canary.ts': 'export default {};\n' });
    expect(found[0]).toMatch(/^canary\.config\.ts: no config file found/);
  });
});
