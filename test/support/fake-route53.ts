/**
 * A fake of the Route 53 API (REST-XML, 2013-04-01) on a loopback port, for `@aws-sdk/client-route-53`. It models,
 * from the service model (botocore's route53/2013-04-01/service-2.json) and the API reference:
 *
 * - GetHostedZone `GET /2013-04-01/hostedzone/{Id}`; ListResourceRecordSets `GET …/hostedzone/{Id}/rrset` with
 *   `name`, `type`, `maxitems` (sets ordered as Route 53 orders them: by name with labels reversed, then type;
 *   `IsTruncated`, `NextRecordName`, `NextRecordType`); ChangeResourceRecordSets `POST …/hostedzone/{Id}/rrset/`
 *   with CREATE, DELETE and UPSERT of simple record sets (TTL and ResourceRecords), applied atomically per batch;
 *   GetChange `GET /2013-04-01/change/{Id}`.
 * - Changes are `PENDING` until GetChange has been asked `pendingPolls` times (propagation, without timing), then
 *   `INSYNC`. The records are visible to ListResourceRecordSets at once, as on Route 53.
 * - Errors in Route 53's `ErrorResponse` envelope: NoSuchHostedZone (404), NoSuchChange (404), InvalidChangeBatch
 *   (400: a name outside the zone, a missing TTL, a value that is not an address of the type, CREATE of an existing
 *   set, DELETE of a missing or different one), InvalidInput (400), and, for a request without a SigV4
 *   `Authorization` header for service `route53` or with an unknown access key, InvalidClientTokenId /
 *   MissingAuthenticationToken (403). The signature itself is not verified.
 *
 * Not modelled: alias, weighted/latency/failover/geo sets (they can be seeded to be listed, not changed), health
 * checks, pagination by identifier, and rate limits. test/providers/fake-route53.contract.test.ts states this as
 * tests that could run against the real API with credentials.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIPv4, isIPv6 } from 'node:net';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface FakeRecordSet {
  name: string;
  type: string;
  ttl?: number;
  values?: string[];
  /** Seeded only: a set of a routing policy, or an alias, as ListResourceRecordSets lists them. */
  setIdentifier?: string;
  aliasTarget?: string;
}

export interface FakeRoute53Options {
  zones: Array<{ id: string; name: string; records?: FakeRecordSet[] }>;
  /** Access key ids the fake accepts (any, when empty). */
  accessKeyIds?: string[];
  /** GetChange answers PENDING this many times per change before INSYNC; default 1. */
  pendingPolls?: number;
}

interface Zone {
  id: string;
  name: string;
  sets: Map<string, FakeRecordSet>;
}

interface Change {
  id: string;
  submittedAt: string;
  comment: string | undefined;
  pollsLeft: number;
}

export interface FakeRoute53 {
  url: string;
  /** Every request, in order: `POST /2013-04-01/hostedzone/Z1/rrset/`. */
  requests: string[];
  /** The record set of a name and type now (a human's change is made with `put`). */
  get(zoneId: string, name: string, type: string): FakeRecordSet | undefined;
  put(zoneId: string, set: FakeRecordSet): void;
  close(): Promise<void>;
}

const fqdn = (name: string) => (name.endsWith('.') ? name.toLowerCase() : `${name.toLowerCase()}.`);
const key = (name: string, type: string) => `${fqdn(name)}|${type}`;
/** Route 53's listing order: names compared label by label from the right, then the type. */
const sortKey = (name: string, type: string) => `${fqdn(name).split('.').reverse().join('.')}|${type}`;

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startFakeRoute53(options: FakeRoute53Options): Promise<FakeRoute53> {
  const zones = new Map<string, Zone>();
  for (const z of options.zones) {
    const sets = new Map<string, FakeRecordSet>();
    for (const r of z.records ?? []) sets.set(key(r.name, r.type), { ...r, name: fqdn(r.name) });
    zones.set(z.id, { id: z.id, name: fqdn(z.name), sets });
  }
  const changes = new Map<string, Change>();
  const requests: string[] = [];
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (n) => ['Change', 'ResourceRecord'].includes(n),
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
  const xml = (root: string, body: Record<string, unknown>) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { '@_xmlns': NS, ...body } }) as string}`;

  const zoneOf = (id: string): Zone => {
    const z = zones.get(id);
    if (!z) throw new ApiError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);
    return z;
  };

  const setXml = (s: FakeRecordSet) => ({
    Name: s.name,
    Type: s.type,
    ...(s.setIdentifier !== undefined && { SetIdentifier: s.setIdentifier, Weight: 1 }),
    ...(s.aliasTarget !== undefined
      ? { AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: s.aliasTarget, EvaluateTargetHealth: false } }
      : { TTL: s.ttl ?? 300, ResourceRecords: { ResourceRecord: (s.values ?? []).map((Value) => ({ Value })) } }),
  });

  const changeInfo = (c: Change) => ({
    ChangeInfo: {
      Id: `/change/${c.id}`,
      Status: c.pollsLeft > 0 ? 'PENDING' : 'INSYNC',
      SubmittedAt: c.submittedAt,
      ...(c.comment !== undefined && { Comment: c.comment }),
    },
  });

  function checkAuth(req: http.IncomingMessage): void {
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
        auth,
      );
    if (!m) throw new ApiError('MissingAuthenticationToken', 'Missing Authentication Token', 403);
    if (m[3] !== 'route53')
      throw new ApiError('InvalidClientTokenId', `Credential should be scoped to correct service: 'route53'.`, 403);
    if (options.accessKeyIds?.length && !options.accessKeyIds.includes(m[1] ?? ''))
      throw new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }

  function list(zone: Zone, q: URLSearchParams): string {
    const name = q.get('name');
    const type = q.get('type');
    if (type !== null && name === null) throw new ApiError('InvalidInput', 'The input is not valid: type without name');
    const max = Math.min(300, Number(q.get('maxitems') ?? '300'));
    if (!Number.isInteger(max) || max < 1) throw new ApiError('InvalidInput', 'maxitems must be between 1 and 300');
    const from = name === null ? '' : sortKey(name, type ?? '');
    const all = [...zone.sets.values()].sort((a, b) => sortKey(a.name, a.type).localeCompare(sortKey(b.name, b.type)));
    const rest = all.filter((s) => sortKey(s.name, s.type) >= from);
    const page = rest.slice(0, max);
    const next = rest[max];
    return xml('ListResourceRecordSetsResponse', {
      ResourceRecordSets: { ResourceRecordSet: page.map(setXml) },
      IsTruncated: next !== undefined,
      ...(next && { NextRecordName: next.name, NextRecordType: next.type }),
      MaxItems: max,
    });
  }

  function change(zone: Zone, body: string): string {
    const doc = parser.parse(body) as {
      ChangeResourceRecordSetsRequest?: { ChangeBatch?: { Comment?: string; Changes?: { Change?: unknown[] } } };
    };
    const batch = doc.ChangeResourceRecordSetsRequest?.ChangeBatch;
    const list = batch?.Changes?.Change;
    if (!batch || !Array.isArray(list) || list.length === 0)
      throw new ApiError('InvalidInput', 'Invalid XML ; ChangeBatch with at least one Change is required');
    const next = new Map(zone.sets);
    const problems: string[] = [];
    for (const raw of list) {
      const c = raw as {
        Action?: string;
        ResourceRecordSet?: {
          Name?: string;
          Type?: string;
          TTL?: string;
          ResourceRecords?: { ResourceRecord?: Array<{ Value?: string }> };
        };
      };
      const rrs = c.ResourceRecordSet;
      const name = fqdn(rrs?.Name ?? '');
      const type = rrs?.Type ?? '';
      const values = (rrs?.ResourceRecords?.ResourceRecord ?? []).map((r) => String(r.Value ?? ''));
      const shown = `[name='${name}', type='${type}']`;
      if (!['CREATE', 'DELETE', 'UPSERT'].includes(c.Action ?? '')) {
        problems.push(`Invalid change action ${c.Action ?? ''}`);
        continue;
      }
      if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
        problems.push(`RRSet with DNS name ${name} is not permitted in zone ${zone.name}`);
        continue;
      }
      if (rrs?.TTL === undefined) problems.push(`Invalid request: Missing field 'TTL' in Change with ${shown}`);
      if (values.length === 0)
        problems.push(`Invalid request: Missing field 'ResourceRecords' in Change with ${shown}`);
      for (const v of values)
        if ((type === 'A' && !isIPv4(v)) || (type === 'AAAA' && !isIPv6(v)))
          problems.push(
            `Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv${type === 'A' ? 4 : 6}Address encountered at ${v}'`,
          );
      const k = key(name, type);
      const existing = next.get(k);
      const set: FakeRecordSet = { name, type, ttl: Number(rrs?.TTL ?? 300), values };
      if (c.Action === 'CREATE') {
        if (existing) problems.push(`Tried to create resource record set ${shown} but it already exists`);
        else next.set(k, set);
      } else if (c.Action === 'DELETE') {
        const same =
          existing &&
          existing.ttl === set.ttl &&
          [...(existing.values ?? [])].sort().join() === [...values].sort().join();
        if (!existing) problems.push(`Tried to delete resource record set ${shown} but it was not found`);
        else if (!same)
          problems.push(
            `Tried to delete resource record set ${shown} but the values provided do not match the current values`,
          );
        else next.delete(k);
      } else next.set(k, set);
    }
    if (problems.length) throw new ApiError('InvalidChangeBatch', `[${problems.join(', ')}]`);
    zone.sets.clear();
    for (const [k, v] of next) zone.sets.set(k, v);
    const c: Change = {
      id: `C${randomBytes(10).toString('hex').toUpperCase()}`,
      submittedAt: new Date().toISOString(),
      comment: batch.Comment,
      pollsLeft: options.pendingPolls ?? 1,
    };
    changes.set(c.id, c);
    return xml('ChangeResourceRecordSetsResponse', changeInfo(c));
  }

  function route(method: string, path: string, q: URLSearchParams, body: string): string {
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/2013-04-01\/hostedzone\/([^/]+)$/.exec(path))) {
      const z = zoneOf(decodeURIComponent(m[1] ?? ''));
      return xml('GetHostedZoneResponse', {
        HostedZone: {
          Id: `/hostedzone/${z.id}`,
          Name: z.name,
          CallerReference: z.id,
          Config: { PrivateZone: false },
          ResourceRecordSetCount: z.sets.size,
        },
        DelegationSet: { NameServers: { NameServer: ['ns-1.fake-route53.test'] } },
      });
    }
    if (method === 'GET' && (m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(path)))
      return list(zoneOf(decodeURIComponent(m[1] ?? '')), q);
    if (method === 'POST' && (m = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(path)))
      return change(zoneOf(decodeURIComponent(m[1] ?? '')), body);
    if (method === 'GET' && (m = /^\/2013-04-01\/change\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? '');
      const c = changes.get(id);
      if (!c) throw new ApiError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, 404);
      const answer = xml('GetChangeResponse', changeInfo(c));
      if (c.pollsLeft > 0) c.pollsLeft--;
      return answer;
    }
    throw new ApiError('UnknownOperationException', `no such operation: ${method} ${path}`, 404);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push(`${req.method ?? ''} ${url.pathname}`);
      let status = 200;
      let text: string;
      try {
        checkAuth(req);
        text = route(req.method ?? '', url.pathname, url.searchParams, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('InternalFailure', (err as Error).message, 500);
        status = e.status;
        text = xml('ErrorResponse', {
          Error: { Type: e.status < 500 ? 'Sender' : 'Receiver', Code: e.code, Message: e.message },
          RequestId: randomUUID(),
        });
      }
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get: (zoneId, name, type) => zones.get(zoneId)?.sets.get(key(name, type)),
    put: (zoneId, set) => {
      zones.get(zoneId)?.sets.set(key(set.name, set.type), { ...set, name: fqdn(set.name) });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
