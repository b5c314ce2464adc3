/**
 * What the fake Cloudflare API (test/support/fake-cloudflare.ts) models, as requests and answers over fetch. The
 * same tests run against Cloudflare itself when CK_CLOUDFLARE_CONTRACT_ZONE_ID, CK_CLOUDFLARE_CONTRACT_ZONE (its
 * name) and CK_CLOUDFLARE_CONTRACT_TOKEN are set: they only touch `ck-contract-<random>.<zone>` and delete it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloudflare, type FakeCloudflare } from '../support/fake-cloudflare.ts';

const REAL = process.env.CK_CLOUDFLARE_CONTRACT_ZONE_ID;
const ZONE_ID = REAL ?? 'fedcba9876543210fedcba9876543210';
const ZONE = REAL ? (process.env.CK_CLOUDFLARE_CONTRACT_ZONE ?? '') : 'contract.test';
const TOKEN = REAL ? (process.env.CK_CLOUDFLARE_CONTRACT_TOKEN ?? '') : 'contract-token';
const name = `ck-contract-${randomBytes(3).toString('hex')}.${ZONE}`;

interface Envelope {
  success: boolean;
  errors: Array<{ code: number; message: string }>;
  result: unknown;
  result_info?: { page: number; per_page: number; count: number; total_count: number };
}
type Rec = { id: string; name: string; type: string; content: string; ttl: number; proxied: boolean };

describe(`Cloudflare API v4 contract (${REAL ? 'the real Cloudflare' : 'the fake'})`, () => {
  let fake: FakeCloudflare | undefined;
  let api = 'https://api.cloudflare.com/client/v4';
  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${api}/zones/${ZONE_ID}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Envelope };
  };
  const records = async () => (await call('GET', `/dns_records?name=${name}&type=A`)).body.result as Rec[];

  beforeAll(async () => {
    if (!REAL) {
      fake = await startFakeCloudflare({ zones: [{ id: ZONE_ID, name: ZONE }], tokens: [TOKEN] });
      api = fake.url;
    }
  });
  afterAll(async () => {
    if (REAL) for (const r of await records()) await call('DELETE', `/dns_records/${r.id}`);
    await fake?.close();
  });

  it('GET /zones/{id} answers the zone in the envelope', async () => {
    const { status, body } = await call('GET', '');
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, errors: [], result: { id: ZONE_ID, name: ZONE } });
  });

  it('records are created, listed by exact name and type with result_info, patched and deleted', async () => {
    const created = await call('POST', '/dns_records', {
      name,
      type: 'A',
      content: '192.0.2.1',
      ttl: 60,
      proxied: false,
    });
    expect(created.body).toMatchObject({ success: true, result: { name, type: 'A', content: '192.0.2.1', ttl: 60 } });
    const id = (created.body.result as Rec).id;
    const listed = await call('GET', `/dns_records?name=${name}&type=A`);
    expect(listed.body.result).toEqual([expect.objectContaining({ id, content: '192.0.2.1' })]);
    expect(listed.body.result_info).toMatchObject({ page: 1, count: 1, total_count: 1 });
    const patched = await call('PATCH', `/dns_records/${id}`, { content: '192.0.2.2' });
    expect(patched.body.result).toMatchObject({ id, content: '192.0.2.2', ttl: 60 });
    expect((await call('DELETE', `/dns_records/${id}`)).body).toMatchObject({ success: true, result: { id } });
    expect(await records()).toEqual([]);
  });

  it('a batch applies deletes, patches and posts atomically: one bad change and nothing changes', async () => {
    const a = (await call('POST', '/dns_records', { name, type: 'A', content: '192.0.2.1', ttl: 60 })).body
      .result as Rec;
    const b = (await call('POST', '/dns_records', { name, type: 'A', content: '192.0.2.2', ttl: 60 })).body
      .result as Rec;
    const bad = await call('POST', '/dns_records/batch', {
      deletes: [{ id: b.id }],
      patches: [{ id: a.id, content: '198.51.100.1' }],
      posts: [{ name, type: 'A', content: 'not-an-address', ttl: 60 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.success).toBe(false);
    expect((await records()).map((r) => r.content).sort()).toEqual(['192.0.2.1', '192.0.2.2']);
    const ok = await call('POST', '/dns_records/batch', {
      deletes: [{ id: b.id }],
      patches: [{ id: a.id, content: '198.51.100.1' }],
      posts: [{ name, type: 'A', content: '198.51.100.2', ttl: 60 }],
    });
    expect(ok.body).toMatchObject({
      success: true,
      result: { deletes: [{ id: b.id }], patches: [{ id: a.id, content: '198.51.100.1' }] },
    });
    expect((await records()).map((r) => r.content).sort()).toEqual(['198.51.100.1', '198.51.100.2']);
  });

  it('an identical record and a bad TTL are refused with 400', async () => {
    const dup = await call('POST', '/dns_records', { name, type: 'A', content: '198.51.100.1', ttl: 60 });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0]?.code).toBe(81058);
    const ttl = await call('POST', '/dns_records', { name, type: 'A', content: '198.51.100.9', ttl: 5 });
    expect(ttl.status).toBe(400);
  });

  it('an unknown token is 403 with error 10000', async () => {
    const { status, body } = await call('GET', '', undefined, 'not-a-token');
    expect(status).toBe(403);
    expect(body).toMatchObject({ success: false, errors: [{ code: 10000 }] });
  });
});
