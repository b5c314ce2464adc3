/**
 * A fake of the Cloudflare API v4's DNS records on a loopback port. It models, from Cloudflare's API reference
 * (DNS › Records, Zones):
 *
 * - the envelope `{ success, errors: [{ code, message }], messages, result, result_info }` of every answer;
 * - `Authorization: Bearer <token>`: a missing or unknown token is 403 with error 10000 "Authentication error";
 * - GET `/zones/{zone_id}`; for an unknown zone 404 with error 7003;
 * - GET `/zones/{zone_id}/dns_records` filtered by exact `name` and `type`, paged by `page` / `per_page`
 *   (`result_info`); POST (create), PATCH `/{id}`, DELETE `/{id}`;
 * - POST `/zones/{zone_id}/dns_records/batch` with `deletes`, `patches`, `puts`, `posts`, applied in that order
 *   and atomically (all or nothing), answering the records each produced;
 * - validation as 400s: A content not IPv4 / AAAA not IPv6 (9005 / 9006), TTL not 1 and outside 60–86400 (9021),
 *   a name outside the zone (9007), an identical record (81058), an unknown record id (81044).
 *
 * Not modelled: other record types' rules, proxied records' served answers (Cloudflare's anycast addresses),
 * load balancers, rate limits (1200 requests / 5 minutes). test/providers/fake-cloudflare.contract.test.ts states
 * this as tests that can run against the real API with a token.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { isIPv4, isIPv6, type AddressInfo } from 'node:net';

export interface FakeCloudflareRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
  proxiable: boolean;
  created_on: string;
  modified_on: string;
}

export interface FakeCloudflareOptions {
  zones: Array<{
    id: string;
    name: string;
    records?: Array<{ name: string; type: string; content: string; ttl?: number; proxied?: boolean }>;
  }>;
  tokens: string[];
}

export interface FakeCloudflare {
  /** The API base, as `apiUrl` takes it: `http://127.0.0.1:PORT/client/v4`. */
  url: string;
  requests: string[];
  records(zoneId: string, name?: string, type?: string): FakeCloudflareRecord[];
  /** A human's change: sets the content of every record of a name and type. */
  setContent(zoneId: string, name: string, type: string, content: string): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const newId = () => randomBytes(16).toString('hex');

export async function startFakeCloudflare(options: FakeCloudflareOptions): Promise<FakeCloudflare> {
  const zones = new Map<string, { name: string; records: FakeCloudflareRecord[] }>();
  const requests: string[] = [];
  const now = () => new Date().toISOString();
  const make = (
    zoneId: string,
    zoneName: string,
    r: { name: string; type: string; content: string; ttl?: number; proxied?: boolean },
  ): FakeCloudflareRecord => ({
    id: newId(),
    zone_id: zoneId,
    zone_name: zoneName,
    name: r.name.toLowerCase().replace(/\.$/, ''),
    type: r.type,
    content: r.content,
    ttl: r.ttl ?? 1,
    proxied: r.proxied ?? false,
    proxiable: true,
    created_on: now(),
    modified_on: now(),
  });
  for (const z of options.zones)
    zones.set(z.id, { name: z.name, records: (z.records ?? []).map((r) => make(z.id, z.name, r)) });

  const zoneOf = (id: string) => {
    const z = zones.get(id);
    if (!z)
      throw new ApiError(404, 7003, `Could not route to /zones/${id}, perhaps your object identifier is invalid?`);
    return z;
  };

  /** Validates a record as it would be after a change; returns it. */
  function valid(
    zone: { name: string },
    r: FakeCloudflareRecord,
    others: FakeCloudflareRecord[],
  ): FakeCloudflareRecord {
    if (r.name !== zone.name && !r.name.endsWith(`.${zone.name}`))
      throw new ApiError(400, 9007, `Record ${r.name} does not belong to zone ${zone.name}`);
    if (r.type === 'A' && !isIPv4(r.content))
      throw new ApiError(400, 9005, 'Content for A record must be a valid IPv4 address.');
    if (r.type === 'AAAA' && !isIPv6(r.content))
      throw new ApiError(400, 9006, 'Content for AAAA record must be a valid IPv6 address.');
    if (r.ttl !== 1 && (!Number.isInteger(r.ttl) || r.ttl < 60 || r.ttl > 86_400))
      throw new ApiError(400, 9021, 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.');
    if (others.some((o) => o.id !== r.id && o.name === r.name && o.type === r.type && o.content === r.content))
      throw new ApiError(400, 81058, 'An identical record already exists.');
    return r;
  }

  type Input = { name?: string; type?: string; content?: string; ttl?: number; proxied?: boolean; id?: string };
  /** Applies a batch to a copy of the records; the zone keeps the copy only when every change is valid. */
  function apply(
    zoneId: string,
    zone: { name: string; records: FakeCloudflareRecord[] },
    body: Record<string, Input[] | undefined>,
  ) {
    let records = [...zone.records];
    const find = (id: string | undefined) => {
      const r = records.find((x) => x.id === id);
      if (!r) throw new ApiError(404, 81044, 'Record does not exist.');
      return r;
    };
    const out = {
      deletes: [] as FakeCloudflareRecord[],
      patches: [] as FakeCloudflareRecord[],
      puts: [] as FakeCloudflareRecord[],
      posts: [] as FakeCloudflareRecord[],
    };
    for (const d of body.deletes ?? []) {
      const r = find(d.id);
      records = records.filter((x) => x !== r);
      out.deletes.push(r);
    }
    for (const kind of ['patches', 'puts'] as const)
      for (const p of body[kind] ?? []) {
        const r = find(p.id);
        const base = kind === 'puts' ? { ...r, proxied: false, ttl: 1 } : r;
        const next = valid(
          zone,
          { ...base, ...pick(p), name: (p.name ?? r.name).toLowerCase().replace(/\.$/, ''), modified_on: now() },
          records,
        );
        records = records.map((x) => (x === r ? next : x));
        out[kind].push(next);
      }
    for (const p of body.posts ?? []) {
      if (!p.name || !p.type || p.content === undefined)
        throw new ApiError(400, 9000, 'DNS name, type and content are required.');
      const r = valid(
        zone,
        make(zoneId, zone.name, {
          name: p.name,
          type: p.type,
          content: p.content,
          ...(p.ttl !== undefined && { ttl: p.ttl }),
          ...(p.proxied !== undefined && { proxied: p.proxied }),
        }),
        records,
      );
      records.push(r);
      out.posts.push(r);
    }
    zone.records = records;
    return out;
  }

  function pick(p: Input): Partial<FakeCloudflareRecord> {
    return {
      ...(p.type !== undefined && { type: p.type }),
      ...(p.content !== undefined && { content: p.content }),
      ...(p.ttl !== undefined && { ttl: p.ttl }),
      ...(p.proxied !== undefined && { proxied: p.proxied }),
    };
  }

  function route(method: string, url: URL, body: unknown): { result: unknown; result_info?: unknown } {
    const m = /^\/client\/v4\/zones\/([^/]+)(\/dns_records(?:\/([^/]+))?)?$/.exec(url.pathname);
    if (!m) throw new ApiError(404, 7000, 'No route for that URI');
    const zoneId = m[1] ?? '';
    const zone = zoneOf(zoneId);
    const sub = m[2];
    const id = m[3];
    if (!sub) {
      if (method !== 'GET') throw new ApiError(405, 10405, 'Method not allowed');
      return { result: { id: zoneId, name: zone.name, status: 'active' } };
    }
    const input = (body ?? {}) as Input & Record<string, Input[] | undefined>;
    if (id === 'batch' && method === 'POST') return { result: apply(zoneId, zone, input) };
    if (id === undefined && method === 'GET') {
      const name = url.searchParams.get('name')?.toLowerCase().replace(/\.$/, '');
      const type = url.searchParams.get('type');
      const perPage = Math.min(5_000_000, Number(url.searchParams.get('per_page') ?? '100'));
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = zone.records.filter(
        (r) => (name === undefined || r.name === name) && (type === null || r.type === type),
      );
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return {
        result: slice,
        result_info: {
          page,
          per_page: perPage,
          count: slice.length,
          total_count: all.length,
          total_pages: Math.ceil(all.length / perPage),
        },
      };
    }
    if (id === undefined && method === 'POST') return { result: apply(zoneId, zone, { posts: [input] }).posts[0] };
    if (id !== undefined && method === 'PATCH')
      return { result: apply(zoneId, zone, { patches: [{ ...input, id }] }).patches[0] };
    if (id !== undefined && method === 'DELETE') {
      apply(zoneId, zone, { deletes: [{ id }] });
      return { result: { id } };
    }
    throw new ApiError(405, 10405, 'Method not allowed');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push(`${req.method ?? ''} ${url.pathname}`);
      let status = 200;
      let answer: Record<string, unknown>;
      try {
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!token || !options.tokens.includes(token)) throw new ApiError(403, 10000, 'Authentication error');
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          throw new ApiError(400, 9207, 'Request body is invalid.');
        }
        answer = { success: true, errors: [], messages: [], ...route(req.method ?? 'GET', url, body) };
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(500, 10001, (err as Error).message);
        status = e.status;
        answer = { success: false, errors: [{ code: e.code, message: e.message }], messages: [], result: null };
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    requests,
    records: (zoneId, name, type) =>
      (zones.get(zoneId)?.records ?? []).filter(
        (r) => (name === undefined || r.name === name) && (type === undefined || r.type === type),
      ),
    setContent(zoneId, name, type, content) {
      for (const r of zones.get(zoneId)?.records ?? []) if (r.name === name && r.type === type) r.content = content;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
