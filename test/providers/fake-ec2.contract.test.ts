/**
 * What the fake EC2 (test/support/fake-ec2.ts) models, as requests and answers of the real API through the real SDK.
 * Against EC2 itself (CK_EC2_CONTRACT_INSTANCE_ID, a running EBS-backed instance this may stop and start, and
 * CK_EC2_CONTRACT_REGION, with credentials in the standard chain) the same tests run, slower.
 */
import {
  DescribeInstanceStatusCommand,
  EC2Client,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEc2, type FakeEc2 } from '../support/fake-ec2.ts';
import { waitFor } from '../support/wait-for.ts';

const REAL = process.env.CK_EC2_CONTRACT_INSTANCE_ID;
const ID = REAL ?? 'i-0123456789abcdef0';
const wait = REAL ? { timeout: 600_000, every: 10_000 } : { timeout: 5_000, every: 5 };

describe(`EC2 API contract (${REAL ? 'the real EC2' : 'the fake'})`, () => {
  let fake: FakeEc2 | undefined;
  let client: EC2Client;
  const status = async (all = true) =>
    (await client.send(new DescribeInstanceStatusCommand({ InstanceIds: [ID], IncludeAllInstances: all })))
      .InstanceStatuses?.[0];

  beforeAll(async () => {
    if (REAL) client = new EC2Client({ region: process.env.CK_EC2_CONTRACT_REGION ?? 'us-east-1' });
    else {
      fake = await startFakeEc2({ instances: [{ id: ID }], accessKeyIds: ['AKIDCONTRACT'] });
      client = new EC2Client({
        region: 'eu-west-1',
        endpoint: fake.url,
        credentials: { accessKeyId: 'AKIDCONTRACT', secretAccessKey: 'x' },
      });
    }
  });
  afterAll(async () => {
    client.destroy();
    await fake?.close();
  });

  it('DescribeInstanceStatus lists a running instance with its state and both status checks', async () => {
    await waitFor(
      'instance-status-ok',
      async () => (await status())?.InstanceStatus?.Status === 'ok',
      wait.timeout,
      wait.every,
    );
    expect(await status()).toMatchObject({
      InstanceId: ID,
      InstanceState: { Code: 16, Name: 'running' },
      InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      SystemStatus: { Status: 'ok' },
    });
  });

  it('a DryRun call is refused with DryRunOperation when it would succeed', async () => {
    const err = await client
      .send(new StopInstancesCommand({ InstanceIds: [ID], DryRun: true }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DryRunOperation', $metadata: { httpStatusCode: 412 } });
  });

  it('StopInstances: stopping, then stopped, listed only with IncludeAllInstances; StartInstances: pending, then running and ok', async () => {
    const stop = await client.send(new StopInstancesCommand({ InstanceIds: [ID] }));
    expect(stop.StoppingInstances?.[0]).toMatchObject({
      InstanceId: ID,
      PreviousState: { Name: 'running' },
      CurrentState: { Name: 'stopping', Code: 64 },
    });
    await waitFor('stopped', async () => (await status())?.InstanceState?.Name === 'stopped', wait.timeout, wait.every);
    expect(await status(false)).toBeUndefined();
    const rebootStopped = await client.send(new RebootInstancesCommand({ InstanceIds: [ID] })).catch((e: unknown) => e);
    expect(rebootStopped).toMatchObject({ name: 'IncorrectInstanceState' });
    const start = await client.send(new StartInstancesCommand({ InstanceIds: [ID] }));
    expect(start.StartingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'stopped' },
      CurrentState: { Name: 'pending', Code: 0 },
    });
    await waitFor(
      'instance-status-ok',
      async () => (await status())?.InstanceStatus?.Status === 'ok',
      wait.timeout,
      wait.every,
    );
  });

  it('unknown and malformed instance ids are InvalidInstanceID.NotFound and .Malformed (400)', async () => {
    const missing = await client
      .send(new DescribeInstanceStatusCommand({ InstanceIds: ['i-00000000deadbeef0'] }))
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'InvalidInstanceID.NotFound', $metadata: { httpStatusCode: 400 } });
    const malformed = await client.send(new StartInstancesCommand({ InstanceIds: ['web-1'] })).catch((e: unknown) => e);
    expect(malformed).toMatchObject({ name: 'InvalidInstanceID.Malformed' });
  });

  it('an unknown access key is AuthFailure', async () => {
    const stranger = new EC2Client({
      region: 'eu-west-1',
      ...(fake && { endpoint: fake.url }),
      credentials: { accessKeyId: 'AKIDUNKNOWNKEY000000', secretAccessKey: 'nope' },
    });
    const err = await stranger.send(new DescribeInstanceStatusCommand({ InstanceIds: [ID] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: expect.stringMatching(/^AuthFailure$/) });
    stranger.destroy();
  });
});
