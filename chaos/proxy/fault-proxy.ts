import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  STATUS_CODES,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import type { ActiveFaultView } from '../../core/fault.ts';
import type { Logger } from '../../core/logger.ts';
import { matchHttpFault, type ActiveHttpFault } from '../faults/http/match-http-fault.ts';
import { HeldExchanges } from './held-exchanges.ts';
import { appendListHeader, endToEndHeaders, hasHeader } from './hop-by-hop.ts';
import { proxyFaultReader } from './proxy-faults.ts';
import { rawResponseHead, rawTextResponse } from './raw-response.ts';
import { requestPath, upstreamTarget } from './request-target.ts';

export interface FaultProxyOptions {
  /** The proxy's name in `proxies`; http faults with `proxy: <name>` apply here. */
  name: string;
  listen: { host: string; port: number };
  /** `http://host:port` or `https://…`, optionally with a base path. */
  upstream: URL;
  faults: ActiveFaultView;
  log: Logger;
  /** Draws for `percent` ([0, 1)); tests pass a seeded one. */
  random?: () => number;
  /** How often a blackholed request checks whether its fault has ended (default 100 ms). */
  holdCheckMs?: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** Requests a blackhole fault holds right now. */
  held(): number;
  /** Stops listening and drops every connection (held, upgraded and pooled ones included). */
  close(): Promise<void>;
}

/** One request the proxy handles: a plain one (with a `ServerResponse`) or a WebSocket handshake (a raw socket). */
interface Exchange {
  req: IncomingMessage;
  socket: Socket;
  answer(status: number, body: string, faultId: string): void;
  forward(): void;
  /** Calls `cb` once if the client leaves before the exchange is over; returns the unsubscribe. */
  onGone(cb: () => void): () => void;
}

const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `RST` where the platform can, else a plain close: the client sees its connection reset. */
function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * The fault proxy: an HTTP reverse proxy in front of one upstream that forwards transparently (keep-alive to both
 * sides, bodies streamed both ways, WebSocket upgrades piped) and applies the active `http` faults naming it,
 * read from `faults` at every request.
 */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const { name, upstream, log } = opts;
  const random = opts.random ?? Math.random;
  const secure = upstream.protocol === 'https:';
  const doRequest = secure ? httpsRequest : httpRequest;
  const agentOptions = { keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' as const, noDelay: true };
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const hostname = upstream.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = upstream.port ? Number(upstream.port) : secure ? 443 : 80;
  const readFaults = proxyFaultReader(name, opts.faults, log);
  const via = `canarykit-${name}`;
  const timers = new Set<NodeJS.Timeout>();
  const upgraded = new Set<Socket>();

  const held = new HeldExchanges<Exchange>(
    () => new Set(readFaults().map((f) => f.id)),
    (ex) => handle(ex),
    opts.holdCheckMs ?? 100,
  );

  function upstreamOptions(req: IncomingMessage, headers: string[]): RequestOptions {
    if (!hasHeader(headers, 'host')) headers.push('Host', upstream.host);
    appendListHeader(headers, 'X-Forwarded-For', req.socket.remoteAddress ?? 'unknown');
    appendListHeader(headers, 'Via', `${req.httpVersion} ${via}`);
    return { hostname, port, method: req.method ?? 'GET', path: upstreamTarget(upstream, req.url), headers };
  }

  function badGatewayBody(err: Error): string {
    const code = (err as NodeJS.ErrnoException).code;
    return `canarykit fault proxy "${name}": upstream ${upstream.origin} did not answer (${code ?? err.message})\n`;
  }

  function faultBody(f: ActiveHttpFault): string {
    return f.spec.body ?? `canarykit fault ${f.id} on proxy "${name}": HTTP ${f.spec.status ?? 0}\n`;
  }

  // ---- plain requests ------------------------------------------------------------------------------------------

  function forwardHttp(req: IncomingMessage, res: ServerResponse, attempt: number): void {
    const headers = endToEndHeaders(req.rawHeaders);
    const hasLength = hasHeader(req.rawHeaders, 'content-length');
    const chunked = !hasLength && hasHeader(req.rawHeaders, 'transfer-encoding');
    if (chunked) headers.push('Transfer-Encoding', 'chunked');
    const bodyless = !chunked && (!hasLength || req.headers['content-length'] === '0');
    const up: ClientRequest = doRequest({ ...upstreamOptions(req, headers), agent });
    let answered = false;
    const onClientGone = () => {
      if (!res.writableFinished) up.destroy();
    };
    res.once('close', onClientGone);

    up.once('response', (upRes) => {
      answered = true;
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, endToEndHeaders(upRes.rawHeaders));
      upRes.once('end', () => {
        const t = upRes.rawTrailers;
        if (t.length > 0)
          res.addTrailers(t.flatMap((k, i) => (i % 2 === 0 ? [[k, t[i + 1] ?? ''] as [string, string]] : [])));
      });
      pipeline(upRes, res, (err) => {
        if (err && !res.destroyed) res.destroy();
      });
    });
    up.on('error', (err) => {
      res.off('close', onClientGone);
      if (answered || res.headersSent) return void res.destroy();
      if (res.destroyed) return;
      const method = req.method ?? 'GET';
      // A pooled connection the upstream closed while idle: the request never reached it, so send it again once.
      if (up.reusedSocket && bodyless && attempt === 0 && RETRYABLE_METHODS.has(method)) {
        forwardHttp(req, res, attempt + 1);
        return;
      }
      req.unpipe(up);
      log.warn({ proxy: name, upstream: upstream.origin, err: err.message }, 'upstream unreachable: answering 502');
      const body = badGatewayBody(err);
      res.writeHead(502, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'X-Canarykit-Proxy': name,
      });
      res.end(body);
    });
    if (bodyless) up.end();
    else req.pipe(up);
  }

  function httpExchange(req: IncomingMessage, res: ServerResponse): Exchange {
    return {
      req,
      socket: req.socket,
      answer(status, body, faultId) {
        res.writeHead(status, {
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Cache-Control': 'no-store',
          'X-Canarykit-Fault': faultId,
        });
        res.end(body);
      },
      forward: () => forwardHttp(req, res, 0),
      onGone(cb) {
        const listener = () => {
          if (!res.writableFinished) cb();
        };
        res.once('close', listener);
        return () => res.off('close', listener);
      },
    };
  }

  // ---- WebSocket (and any other) upgrades ------------------------------------------------------------------------

  function forwardUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const headers = endToEndHeaders(req.rawHeaders, { keepUpgrade: true });
    const up = doRequest({ ...upstreamOptions(req, headers), agent: false });
    const onGone = () => up.destroy();
    socket.once('close', onGone);
    up.once('upgrade', (upRes, upSocket, upHead) => {
      socket.off('close', onGone);
      upgraded.add(socket);
      upSocket.setNoDelay(true);
      socket.setNoDelay(true);
      socket.write(rawResponseHead(upRes.statusCode ?? 101, upRes.statusMessage ?? '', upRes.rawHeaders));
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      const done = () => {
        upgraded.delete(socket);
        socket.destroy();
        upSocket.destroy();
      };
      upSocket.on('error', done).on('close', done);
      socket.on('error', done).on('close', done);
      upSocket.pipe(socket);
      socket.pipe(upSocket);
    });
    up.once('response', (upRes) => {
      // The upstream declined the upgrade: relay its answer, then close.
      socket.off('close', onGone);
      const out = endToEndHeaders(upRes.rawHeaders).concat('Connection', 'close');
      socket.write(rawResponseHead(upRes.statusCode ?? 502, upRes.statusMessage ?? '', out));
      pipeline(upRes, socket, () => socket.destroy());
    });
    up.on('error', (err) => {
      socket.off('close', onGone);
      if (socket.destroyed) return;
      log.warn({ proxy: name, upstream: upstream.origin, err: err.message }, 'upstream unreachable: answering 502');
      socket.end(rawTextResponse(502, 'Bad Gateway', ['X-Canarykit-Proxy', name], badGatewayBody(err)));
    });
    up.end();
  }

  function upgradeExchange(req: IncomingMessage, socket: Socket, head: Buffer): Exchange {
    return {
      req,
      socket,
      answer(status, body, faultId) {
        const headers = ['Cache-Control', 'no-store', 'X-Canarykit-Fault', faultId];
        socket.end(rawTextResponse(status, STATUS_CODES[status] ?? 'Fault', headers, body));
      },
      forward: () => forwardUpgrade(req, socket, head),
      onGone(cb) {
        socket.once('close', cb);
        return () => socket.off('close', cb);
      },
    };
  }

  // ---- faults --------------------------------------------------------------------------------------------------

  function handle(ex: Exchange): void {
    const fault = matchHttpFault(
      readFaults(),
      { method: ex.req.method ?? 'GET', path: requestPath(ex.req.url) },
      random,
    );
    if (!fault) return ex.forward();
    log.debug({ proxy: name, fault: fault.id, method: ex.req.method, url: ex.req.url }, 'applying http fault');
    const latency = fault.spec.latencyMs;
    if (latency === undefined || latency === 0) return effect(ex, fault);
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      timers.delete(timer);
      unsubscribe();
      effect(ex, fault);
    }, latency);
    timers.add(timer);
    unsubscribe = ex.onGone(() => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  }

  function effect(ex: Exchange, fault: ActiveHttpFault): void {
    const { spec } = fault;
    if (spec.status !== undefined) ex.answer(spec.status, faultBody(fault), fault.id);
    else if (spec.reset) resetSocket(ex.socket);
    else if (spec.blackhole) held.hold(ex, fault.id, (cb) => ex.onGone(cb));
    else ex.forward();
  }

  // ---- the server ----------------------------------------------------------------------------------------------

  const server = createServer({ requireHostHeader: false, noDelay: true }, (req, res) =>
    handle(httpExchange(req, res)),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    handle(upgradeExchange(req, socket, head));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable && !(err as NodeJS.ErrnoException).code?.startsWith('ECONN'))
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `proxy "${name}" cannot listen on ${opts.listen.host}:${opts.listen.port}: ${err.code ?? err.message}`,
          {
            cause: err,
          },
        ),
      );
    server.once('error', onError);
    server.listen(opts.listen.port, opts.listen.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ proxy: name, err: err.message }, 'proxy server error'));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : opts.listen.port;

  let closing: Promise<void> | undefined;
  return {
    host: opts.listen.host,
    port: boundPort,
    held: () => held.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const ex of held.drain()) ex.socket.destroy();
        for (const s of upgraded) s.destroy();
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}
