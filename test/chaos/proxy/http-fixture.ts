import { createHash, randomBytes } from 'node:crypto';
import { createServer, request, type Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';

/** 1 MiB of random bytes, repeated to build large bodies. */
const BLOCK = randomBytes(1 << 20);

/** The sha256 of `size` bytes of the fixture's body stream. */
export function bodyHash(size: number): string {
  const h = createHash('sha256');
  for (let left = size; left > 0; left -= BLOCK.length)
    h.update(left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left));
  return h.digest('hex');
}

export interface Upstream {
  url: URL;
  /** TCP connections accepted so far. */
  connections: number;
  /** `METHOD /path` of every request received, in order. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A loopback origin with the shapes a proxy must carry: `/bytes/<n>` (n bytes with a length), `/chunked` (chunked,
 * with a trailer), `/upload` (streams the request body into a sha256, answers its hash and length), `/headers`
 * (echoes the request headers as JSON), `/cookies` (two Set-Cookie fields), anything else a small text; and a
 * WebSocket echo on `/ws`.
 */
export async function startUpstream(host = '127.0.0.1'): Promise<Upstream> {
  const server: Server = createServer((req, res) => {
    up.seen.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/bytes/')) {
      const size = Number(url.pathname.slice('/bytes/'.length));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size, 'X-Size': size });
      if (req.method === 'HEAD') return void res.end();
      let left = size;
      const pump = () => {
        while (left > 0) {
          const chunk = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (url.pathname === '/chunked') {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Checksum' });
      for (let i = 0; i < 5; i++) res.write(`part ${i}\n`);
      res.addTrailers({ 'X-Checksum': 'abc123' });
      return void res.end();
    }
    if (url.pathname === '/upload') {
      const h = createHash('sha256');
      let n = 0;
      req.on('data', (c: Buffer) => {
        n += c.length;
        h.update(c);
      });
      req.on('end', () =>
        res.end(JSON.stringify({ sha256: h.digest('hex'), length: n, te: req.headers['transfer-encoding'] ?? null })),
      );
      return;
    }
    if (url.pathname === '/headers') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify(req.headers));
    }
    if (url.pathname === '/cookies') {
      res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/']);
      return void res.end('cookies');
    }
    res.writeHead(url.pathname === '/missing' ? 404 : 200, { 'Content-Type': 'text/plain', 'X-Origin': 'upstream' });
    res.end(`hello from ${req.method} ${req.url}\n`);
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  const up: Upstream = {
    url: new URL('http://x'),
    connections: 0,
    seen: [],
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on('connection', () => up.connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  up.url = new URL(`http://${host}:${(server.address() as AddressInfo).port}`);
  return up;
}

export interface Fetched {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  trailers: Record<string, string | undefined>;
  body: Buffer;
  sha256: string;
  socket: Socket;
}

export interface FetchOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  /** Written then ended; an iterable of chunks is sent chunked (no length). */
  body?: Buffer | Iterable<Buffer>;
  agent?: Agent | false;
}

/** One HTTP request through node:http (so the socket, raw headers and trailers are visible). */
export function fetchRaw(url: string | URL, opts: FetchOptions = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent ?? false },
      (res) => {
        const h = createHash('sha256');
        const parts: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          h.update(c);
          if (kept < 1 << 20) {
            parts.push(c);
            kept += c.length;
          }
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            trailers: res.trailers,
            body: Buffer.concat(parts),
            sha256: h.digest('hex'),
            socket: res.socket,
          }),
        );
      },
    );
    req.on('error', reject);
    const body = opts.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      for (const c of body) req.write(c);
      req.end();
    }
  });
}

/** Headers that describe a connection or the moment, not the resource: left out when comparing two answers. */
const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** The raw headers without the volatile ones, as `name: value` lines (order and case kept). */
export function stableHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!VOLATILE.has(name.toLowerCase())) out.push(`${name}: ${raw[i + 1]}`);
  }
  return out;
}
