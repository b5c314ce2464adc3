import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const alarm = (name: string) =>
  `{ name: '${name}', namespace: 'Shop', metricName: 'Errors', period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanThreshold' }`;

async function load(composites: string) {
  tmp = await tempProject({
    'canary.config.ts': `export default { actions: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/h' } }, alarms: [${alarm('a')}, ${alarm('b')}], compositeAlarms: ${composites} };\n`,
    'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
  });
  return loadProject({ cwd: tmp.dir });
}

async function problems(composites: string): Promise<string[]> {
  try {
    await load(composites);
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('composite alarm validation', () => {
  it('accepts valid rules and orders composites after the composites they depend on', async () => {
    const p = await load(
      `[{ name: 'top', alarmRule: 'ALARM(mid) OR OK("b")', alarmActions: ['hook'] }, { name: 'mid', alarmRule: 'ALARM("a") AND NOT ALARM(b)' }]`,
    );
    expect(p.compositeAlarms.map((c) => c.name)).toEqual(['mid', 'top']);
    expect(p.compositeAlarms[1]?.children).toEqual(['mid', 'b']);
  });

  it('rejects syntax errors in CloudWatch style, with the position', async () => {
    const found = await problems(`[{ name: 'c', alarmRule: 'ALARM("a") AND (ALARM("b") Oldest' }]`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^canary\.config\.ts › compositeAlarms\[0\]\.alarmRule: Error in AlarmRule \[Unsupported token 'Oldest' at char \d+, must be: '\)'\]/,
    );
  });

  it('rejects unknown children, unknown actions and unknown suppressors', async () => {
    const found = await problems(
      `[{ name: 'c', alarmRule: 'ALARM("a") OR ALARM("ghost")', alarmActions: ['pager'], actionsSuppressor: 'nobody', actionsSuppressorWaitPeriod: 10, actionsSuppressorExtensionPeriod: 10 }]`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'canary.config.ts › compositeAlarms[0].alarmRule: Error in AlarmRule [alarm "ghost" does not exist]',
        'canary.config.ts › compositeAlarms[0].actionsSuppressor: alarm "nobody" does not exist',
        expect.stringMatching(/^canary\.config\.ts › compositeAlarms\[0\]\.alarmActions\[0\]: unknown action "pager"/),
      ]),
    );
  });

  it('rejects dependency cycles among composites (CloudWatch would accept them and stop evaluating)', async () => {
    const found = await problems(
      `[{ name: 'x', alarmRule: 'ALARM(y) OR ALARM(a)' }, { name: 'y', alarmRule: 'ALARM(z)' }, { name: 'z', alarmRule: 'ALARM(x)' }]`,
    );
    expect(found).toEqual([
      expect.stringMatching(/compositeAlarms\[0\]\.alarmRule: dependency cycle among composite alarms: x → y → z → x/),
    ]);
  });
});
