/**
 * The ec2 recovery provider: `@aws-sdk/client-ec2` (the real SDK: SigV4, the EC2 Query protocol) against the loopback
 * fake of test/support/fake-ec2.ts (what it models: test/providers/fake-ec2.contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import type { RecoveryProvider } from '../../core/recovery-provider.ts';
import { ec2 } from '../../providers/ec2/index.ts';
import { ec2TargetSchema, type Ec2TargetInput } from '../../providers/ec2/ec2-target.ts';
import { parsingTargets, targetIssues } from '../../providers/parsing-targets.ts';
import { startFakeEc2, type FakeEc2 } from '../support/fake-ec2.ts';
import { describeRecoveryProviderContract } from './recovery-provider.contract.ts';

// The standard credential chain, as a real deployment would have it.
process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEEC2';
process.env.AWS_SECRET_ACCESS_KEY = 'fake-ec2-secret';

const WEB = 'i-0abc1234def567890';
const STUCK = 'i-0def1234abc567890';

async function fixture() {
  const fake = await startFakeEc2({
    accessKeyIds: ['AKIDFAKEEC2'],
    instances: [{ id: WEB }, { id: STUCK, state: 'stopped', failStarts: true }],
  });
  const raw = ec2.create({}, { redis: undefined as never, prefix: 'unused', createLogger });
  const provider: RecoveryProvider = parsingTargets(raw, ec2.targetSchema);
  const target = (id: string, extra: Partial<Ec2TargetInput> = {}): Ec2TargetInput => ({
    instanceId: id,
    region: 'eu-west-1',
    endpoint: fake.url,
    pollSeconds: 0.01,
    waitSeconds: 30,
    ...extra,
  });
  return {
    fake,
    provider,
    target,
    async teardown() {
      await raw.close?.();
      await fake.close();
    },
  };
}

const isUp = (fake: FakeEc2, id: string) => {
  const s = fake.state(id);
  return s?.state === 'running' && s.checks === 'ok';
};

describeRecoveryProviderContract('ec2 (the AWS SDK against the fake EC2)', async () => {
  const f = await fixture();
  return {
    provider: f.provider,
    target: f.target(WEB),
    breakTarget: async () => f.fake.breakInstance(WEB, 'stopped'),
    isUp: async () => isUp(f.fake, WEB),
    failing: f.target(STUCK),
    teardown: f.teardown,
  };
});

describe('ec2 provider: modes and signals', () => {
  const run = async (fn: (f: Awaited<ReturnType<typeof fixture>>) => Promise<void>) => {
    const f = await fixture();
    try {
      await fn(f);
    } finally {
      await f.teardown();
    }
  };

  it('recover stops and starts an impaired instance, and is up only at instance-status-ok', () =>
    run(async (f) => {
      f.fake.breakInstance(WEB, 'impaired');
      expect(await f.provider.health(f.target(WEB))).toMatchObject({
        state: 'unhealthy',
        detail: `instance ${WEB} is running, instance status impaired, system status ok`,
      });
      const out = await f.provider.recover(f.target(WEB), { dryRun: false });
      expect(out).toMatchObject({
        status: 'done',
        detail: expect.stringMatching(/^Stop then start instance .*instance-status-ok/),
      });
      expect(out.targetUpAt).toEqual(expect.any(String));
      const calls = f.fake.actions.filter((a) => a !== 'DescribeInstanceStatus');
      expect(calls).toEqual(['StopInstances', 'StartInstances']);
      expect(isUp(f.fake, WEB)).toBe(true);
    }));

  it('reboot reboots a running instance; a stopped one is started instead', () =>
    run(async (f) => {
      const out = await f.provider.recover(f.target(WEB, { mode: 'reboot' }), { dryRun: false });
      expect(out.detail).toMatch(/^Reboot instance/);
      f.fake.breakInstance(WEB, 'stopped');
      expect((await f.provider.recover(f.target(WEB, { mode: 'reboot' }), { dryRun: false })).detail).toMatch(
        /^Start instance/,
      );
      expect(f.fake.actions.filter((a) => a !== 'DescribeInstanceStatus')).toEqual([
        'RebootInstances',
        'StartInstances',
      ]);
    }));

  it('stop and terminate wait for that state, and do not claim the target is up', () =>
    run(async (f) => {
      const stopped = await f.provider.recover(f.target(WEB, { mode: 'stop' }), { dryRun: false });
      expect(stopped).toMatchObject({ status: 'done', health: { state: 'unhealthy' } });
      expect(stopped.targetUpAt).toBeUndefined();
      expect(f.fake.state(WEB)?.state).toBe('stopped');
      await f.provider.recover(f.target(WEB, { mode: 'terminate' }), { dryRun: false });
      expect(f.fake.state(WEB)?.state).toBe('terminated');
      await expect(f.provider.recover(f.target(WEB), { dryRun: false })).rejects.toMatchObject({
        retryable: false,
        message: expect.stringContaining('is terminated: it cannot be recovered'),
      });
    }));

  it('a dry run asks EC2 with DryRun, changing nothing', () =>
    run(async (f) => {
      f.fake.breakInstance(WEB, 'stopped');
      const out = await f.provider.recover(f.target(WEB), { dryRun: true });
      expect(out).toMatchObject({
        status: 'dry-run',
        detail: expect.stringContaining('EC2 says: StartInstances is allowed'),
      });
      expect(f.fake.state(WEB)?.state).toBe('stopped');
    }));

  it('an unknown instance, a refused key and a capacity shortage say whether retrying may help', () =>
    run(async (f) => {
      await expect(f.provider.health(f.target('i-00000000'))).rejects.toMatchObject({
        retryable: false,
        message: expect.stringContaining('InvalidInstanceID.NotFound'),
      });
      await expect(f.provider.recover(f.target(STUCK), { dryRun: false })).rejects.toMatchObject({
        retryable: true,
        message: expect.stringContaining('InsufficientInstanceCapacity'),
      });
      process.env.AWS_ACCESS_KEY_ID = 'AKIDSTRANGER';
      try {
        const other = parsingTargets(
          ec2.create({}, { redis: undefined as never, prefix: 'x', createLogger }),
          ec2.targetSchema,
        );
        const err = (await other.health(f.target(WEB)).catch((e: unknown) => e)) as Error;
        expect(err).toMatchObject({ retryable: false, message: expect.stringContaining('AuthFailure') });
        expect(err.message).not.toContain('fake-ec2-secret');
      } finally {
        process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKEEC2';
      }
    }));
});

describe('ec2 targets: validation', () => {
  it('accepts the issue example, recover by default', () => {
    expect(ec2TargetSchema.parse({ instanceId: 'i-0abc1234', region: 'eu-west-1', mode: 'recover' })).toMatchObject({
      mode: 'recover',
      waitSeconds: 600,
    });
    expect(ec2TargetSchema.parse({ instanceId: 'i-0abc1234', region: 'eu-west-1' }).mode).toBe('recover');
  });

  it('names every bad field', () => {
    expect(
      targetIssues(ec2TargetSchema, { instanceId: 'web-1', region: 'Ireland', mode: 'explode', extra: 1 }),
    ).toEqual([
      { path: 'instanceId', message: 'expected an instance id such as i-0abc1234def567890' },
      { path: 'region', message: 'expected an AWS region such as eu-west-1' },
      { path: 'mode', message: expect.stringContaining('"recover"') },
      { path: '', message: 'Unrecognized key: "extra"' },
    ]);
  });
});
