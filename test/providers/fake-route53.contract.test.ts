/**
 * What the fake Route 53 (test/support/fake-route53.ts) models, as requests and answers of the real API through the
 * real SDK. The same tests run against Route 53 itself when CK_ROUTE53_CONTRACT_ZONE_ID names a hosted zone
 * (and CK_ROUTE53_CONTRACT_ZONE its name) with AWS credentials in the standard chain: they only touch names under
 * `ck-contract-<random>.` in that zone, and delete them at the end.
 */
import { randomBytes } from 'node:crypto';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeRoute53, type FakeRoute53 } from '../support/fake-route53.ts';
import { waitFor } from '../support/wait-for.ts';

const REAL_ZONE_ID = process.env.CK_ROUTE53_CONTRACT_ZONE_ID;
const ZONE_ID = REAL_ZONE_ID ?? 'Z0CONTRACT00000000001';
const ZONE = REAL_ZONE_ID ? (process.env.CK_ROUTE53_CONTRACT_ZONE ?? '') : 'contract.test';
const label = `ck-contract-${randomBytes(3).toString('hex')}`;
const www = `www.${label}.${ZONE}.`;

describe(`Route 53 API contract (${REAL_ZONE_ID ? 'the real Route 53' : 'the fake'})`, () => {
  let fake: FakeRoute53 | undefined;
  let client: Route53Client;
  const upsert = (name: string, values: string[], ttl = 30, type: 'A' | 'AAAA' = 'A'): Change => ({
    Action: 'UPSERT',
    ResourceRecordSet: { Name: name, Type: type, TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) },
  });
  const change = (...Changes: Change[]) =>
    client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: ZONE_ID, ChangeBatch: { Changes } }));
  const listed = async (name: string, type: 'A' | 'AAAA' = 'A') =>
    (
      await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: ZONE_ID,
          StartRecordName: name,
          StartRecordType: type,
          MaxItems: 1,
        }),
      )
    ).ResourceRecordSets?.[0];

  beforeAll(async () => {
    if (!REAL_ZONE_ID) {
      fake = await startFakeRoute53({
        zones: [{ id: ZONE_ID, name: ZONE }],
        accessKeyIds: ['AKIDCONTRACT'],
        pendingPolls: 1,
      });
      client = new Route53Client({
        region: 'us-east-1',
        endpoint: fake.url,
        credentials: { accessKeyId: 'AKIDCONTRACT', secretAccessKey: 'contract-secret' },
      });
    } else client = new Route53Client({ region: 'us-east-1' });
  });
  afterAll(async () => {
    if (REAL_ZONE_ID) {
      // Leave the real zone as it was.
      for (const [name, type] of [
        [www, 'A'],
        [`v6.${label}.${ZONE}.`, 'AAAA'],
      ] as const) {
        const set = await listed(name, type);
        if (set?.Name === name && set.Type === type) await change({ Action: 'DELETE', ResourceRecordSet: set });
      }
    }
    client.destroy();
    await fake?.close();
  });

  it('GetHostedZone names the zone with a trailing dot, and its id with the /hostedzone/ prefix', async () => {
    const res = await client.send(new GetHostedZoneCommand({ Id: ZONE_ID }));
    expect(res.HostedZone?.Name).toBe(`${ZONE}.`);
    expect(res.HostedZone?.Id).toBe(`/hostedzone/${ZONE_ID}`);
  });

  it('UPSERT creates, then replaces, a record set; the change is PENDING, then INSYNC through GetChange', async () => {
    const created = await change(upsert(www, ['192.0.2.1', '192.0.2.2']));
    expect(created.ChangeInfo).toMatchObject({ Id: expect.stringMatching(/^\/change\/C/), Status: 'PENDING' });
    expect(created.ChangeInfo?.SubmittedAt).toBeInstanceOf(Date);
    expect(await listed(www)).toMatchObject({
      Name: www,
      Type: 'A',
      TTL: 30,
      ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }],
    });
    const id = created.ChangeInfo?.Id ?? '';
    await waitFor(
      'the change to be INSYNC',
      async () => (await client.send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status === 'INSYNC',
      REAL_ZONE_ID ? 180_000 : 5_000,
      REAL_ZONE_ID ? 5_000 : 10,
    );
    await change(upsert(www, ['198.51.100.1'], 60));
    expect(await listed(www)).toMatchObject({ TTL: 60, ResourceRecords: [{ Value: '198.51.100.1' }] });
  });

  it('ListResourceRecordSets starts at the name and type asked, and says whether more follow', async () => {
    await change(upsert(`v6.${label}.${ZONE}.`, ['2001:db8::1'], 30, 'AAAA'));
    const res = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: ZONE_ID,
        StartRecordName: www,
        StartRecordType: 'A',
        MaxItems: 1,
      }),
    );
    expect(res.ResourceRecordSets?.map((s) => s.Name)).toEqual([www]);
    expect(res.MaxItems).toBe(1);
    expect(typeof res.IsTruncated).toBe('boolean');
    if (res.IsTruncated) expect(res.NextRecordName).toEqual(expect.any(String));
    // A name that does not exist lists the sets after it: callers must compare the name.
    const after = await listed(`nothing.${label}.${ZONE}.`);
    expect(after?.Name).not.toBe(`nothing.${label}.${ZONE}.`);
  });

  it('a name outside the zone, a bad address, and a CREATE of an existing set are InvalidChangeBatch (400)', async () => {
    for (const bad of [upsert('www.elsewhere.invalid.', ['192.0.2.1']), upsert(www, ['not-an-ip'])]) {
      const err = await change(bad).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'InvalidChangeBatch', $metadata: { httpStatusCode: 400 } });
    }
    const exists = await change({ ...upsert(www, ['192.0.2.9']), Action: 'CREATE' }).catch((e: unknown) => e);
    expect(exists).toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining('already exists') });
    // A batch is atomic: the failed batch changed nothing.
    expect((await listed(www))?.ResourceRecords).toEqual([{ Value: '198.51.100.1' }]);
  });

  it('an unknown hosted zone is NoSuchHostedZone (404); an unknown change NoSuchChange (404)', async () => {
    const zone = await client.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE000000001' })).catch((e: unknown) => e);
    expect(zone).toMatchObject({ name: 'NoSuchHostedZone', $metadata: { httpStatusCode: 404 } });
    const ch = await client.send(new GetChangeCommand({ Id: 'CNOSUCHCHANGE0001' })).catch((e: unknown) => e);
    expect(ch).toMatchObject({ name: 'NoSuchChange', $metadata: { httpStatusCode: 404 } });
  });

  it('an unknown access key is refused with 403 InvalidClientTokenId', async () => {
    const stranger = new Route53Client({
      region: 'us-east-1',
      ...(fake && { endpoint: fake.url }),
      credentials: { accessKeyId: 'AKIDUNKNOWNKEY000000', secretAccessKey: 'nope' },
    });
    const err = await stranger.send(new GetHostedZoneCommand({ Id: ZONE_ID })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    stranger.destroy();
  });
});
