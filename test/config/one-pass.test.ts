import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const config = `export default {
  api: { port: 'eighty' },
  dns: { zones: [{ name: 'demo.test', records: [{ name: 'www.demo.test', type: 'A', primary: '127.0.0.2', secondary: '127.0.0.3' }] }] },
  actions: {
    hook: { type: 'webhook', url: 'not a url' },
    failover: { type: 'dns-failover', record: 'nope.demo.test' },
  },
  alarms: [
    { name: 'cfg-broken', namespace: 'Shop', metricName: 'Errors', period: 60, evaluationPeriods: 1, threshold: 'x', comparisonOperator: 'GreaterThanThreshold' },
    { name: 'cfg-ok', namespace: 'Shop', metricName: 'Errors', period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanThreshold', alarmActions: ['ghost-action'] },
  ],
  compositeAlarms: [
    { name: 'both', alarmRule: 'ALARM("cfg-ok") AND (ALARM("cfg-broken")' },
    { name: 'either', alarmRule: 'ALARM("cfg-ok") OR ALARM("cfg-broken") OR ALARM("nobody")', okActions: ['hook', 'nothing'] },
  ],
};
`;

// Thirteen schema problems in one canary file: base fields, blueprint fields, an alarm, an unknown field, the schedule.
const badCanary = `export default {
  name: 'bad name!', blueprint: 'heartbeat', schedule: 'rate(5 fortnights)', timeout: 'ten', tags: { team: 1 },
  url: 'ftp://shop', expectText: '', viewport: { width: 5, height: 'tall' }, screenshot: 'yes', har: 1,
  alarms: [{ name: 'bad-down', metricName: 'SuccessPercent', period: 60, evaluationPeriods: 1, threshold: 'high', comparisonOperator: 'Bogus' }],
  colour: 'red',
};
`;

const apiCanary = `export default {
  name: 'orders', blueprint: 'api', schedule: 'rate(1 minute)',
  requests: [{ method: 'GET', url: 'http://127.0.0.1:9/orders', body: 'hello' }],
  alarms: [{ name: 'orders-down', metricName: 'SuccessPercent', period: 60, evaluationPeriods: 1, threshold: 90, comparisonOperator: 'LessThanThreshold', alarmActions: ['pager'] }],
};
`;

describe('validation in one pass', () => {
  it('reports schema problems and every later check together, each with its file and field', async () => {
    tmp = await tempProject({
      'canary.config.ts': config,
      'canaries/bad.canary.ts': badCanary,
      'canaries/orders.canary.ts': apiCanary,
    });
    const err = await loadProject({ cwd: tmp.dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const found = (err as ConfigError).diagnostics.map(formatDiagnostic);
    const bad = 'canaries/bad.canary.ts';
    const cfg = 'canary.config.ts';
    const expected = [
      // the canary file's thirteen schema problems
      expect.stringMatching(new RegExp(`^${bad} › name: expected 1-128 letters`)),
      `${bad} › timeout: expected a number, got "ten"`,
      `${bad} › tags.team: expected a string, got 1`,
      expect.stringMatching(new RegExp(`^${bad} › alarms\\[0\\]\\.threshold: expected a number, got "high"`)),
      expect.stringMatching(new RegExp(`^${bad} › alarms\\[0\\]\\.comparisonOperator: expected one of`)),
      `${bad} › url: url must be an absolute http:// or https:// URL`,
      `${bad} › expectText: expectText must not be empty`,
      expect.stringMatching(new RegExp(`^${bad} › viewport\\.width: `)),
      `${bad} › viewport.height: expected a number, got "tall"`,
      `${bad} › screenshot: expected a boolean, got "yes"`,
      `${bad} › har: expected a boolean, got 1`,
      `${bad} › colour: unknown field for blueprint "heartbeat"`,
      expect.stringMatching(new RegExp(`^${bad} › schedule: unknown unit "fortnights"`)),
      // the config's own schema problems
      `${cfg} › api.port: expected a number, got "eighty"`,
      `${cfg} › alarms[0].threshold: expected a number, got "x"`,
      // what the staged validation used to hide behind them
      `${cfg} › actions.hook.url: expected an http(s) URL`,
      expect.stringMatching(/^canary\.config\.ts › actions\.failover\.record: unknown DNS record "nope\.demo\.test"/),
      expect.stringMatching(/^canary\.config\.ts › alarms\[1\]\.alarmActions\[0\]: unknown action "ghost-action"/),
      expect.stringMatching(/^canaries\/orders\.canary\.ts › alarms\[0\]\.alarmActions\[0\]: unknown action "pager"/),
      'canaries/orders.canary.ts › requests[0].body: a GET request has no body',
      expect.stringMatching(/^canary\.config\.ts › compositeAlarms\[0\]\.alarmRule: Error in AlarmRule \[/),
      `${cfg} › compositeAlarms[1].alarmRule: Error in AlarmRule [alarm "nobody" does not exist]`,
      expect.stringMatching(/^canary\.config\.ts › compositeAlarms\[1\]\.okActions\[1\]: unknown action "nothing"/),
    ];
    expect(found).toEqual(expect.arrayContaining(expected));
    // Nothing spurious: a reference to an alarm or action that exists but is broken is not "unknown".
    expect(found.filter((f) => /cfg-broken|"hook"|unknown action "failover"/.test(f))).toEqual([]);
    expect(found).toHaveLength(expected.length);
  });
});
