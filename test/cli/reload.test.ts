import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { spawnCli, type CliProcess } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const canary = (
  name: string,
) => `export default { name: '${name}', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)',
  alarms: [{ name: '${name}-down', metricName: 'SuccessPercent', period: 60, evaluationPeriods: 1, threshold: 100, comparisonOperator: 'LessThanThreshold' }] };\n`;

describe('canary up reloads its configuration on SIGHUP', () => {
  const prefix = testPrefix('reload');
  let tmp: TempProject;
  let up: CliProcess | undefined;

  beforeAll(async () => {
    tmp = await tempProject({
      'canary.config.ts': `export default { redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', api: { host: '127.0.0.1', port: 0 } };\n`,
      'canaries/a.canary.ts': canary('a'),
    });
  });
  afterAll(async () => {
    if (up && up.child.exitCode === null) {
      up.child.kill('SIGTERM');
      await up.exited;
    }
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('applies a valid change and refuses an invalid one, keeping the running config', async () => {
    up = spawnCli(['up'], tmp.dir);
    await up.waitForOutput(/canarykit up: .*API (http:\/\/127\.0\.0\.1:\d+)/);
    const api = /API (http:\/\/127\.0\.0\.1:\d+)/.exec(up.output())?.[1] as string;
    const names = async () =>
      ((await (await fetch(`${api}/api/canaries`)).json()) as Array<{ name: string }>).map((c) => c.name).sort();
    expect(await names()).toEqual(['a']);

    await tmp.write('canaries/b.canary.ts', canary('b'));
    up.child.kill('SIGHUP');
    await up.waitForOutput(/configuration reloaded \(2 canaries, 2 alarms\)/);
    expect(await names()).toEqual(['a', 'b']);
    const alarms = ((await (await fetch(`${api}/api/alarms`)).json()) as Array<{ name: string }>)
      .map((a) => a.name)
      .sort();
    expect(alarms).toEqual(['a-down', 'b-down']);
    await waitFor(
      'b-down registered',
      async () => ((await (await fetch(`${api}/api/alarms/b-down/history`)).json()) as unknown[]).length > 0,
    );

    await tmp.write('canaries/c.canary.ts', `export default { name: 'c', blueprint: 'api', schedule: 'every day' };\n`);
    up.child.kill('SIGHUP');
    await up.waitForOutput(
      /reload refused, keeping the running configuration:\n {2}canaries\/c\.canary\.ts › requests: /,
    );
    expect(up.output()).toMatch(/canaries\/c\.canary\.ts › schedule: expected "rate\(N/);
    expect(await names()).toEqual(['a', 'b']);
  });
});
