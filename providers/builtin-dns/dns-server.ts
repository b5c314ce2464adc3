/** Authoritative DNS server (UDP + TCP) answering the configured zones; failover records follow `sides`. */
import dgram from 'node:dgram';
import net, { type AddressInfo } from 'node:net';
import type { ActiveFaultView } from '../../core/fault.ts';
import type { Logger } from '../../core/logger.ts';
import { respond, type QueryEnv } from './dns-message.ts';
import { slipResponse, SourceRateLimiter, type RateLimitOptions } from './source-rate-limiter.ts';
import { FrameDecoder, frame } from './tcp-framing.ts';
import type { DnsZoneConfig } from './zone-config.ts';
import { ZoneIndex, type SideLookup } from './zone-index.ts';

export interface DnsServerOptions {
  host: string;
  /** 0 = ephemeral; UDP and TCP then try to share the port UDP got. */
  port: number;
  zones: readonly DnsZoneConfig[];
  sides: SideLookup;
  /** Active `dns` faults to apply (SERVFAIL / NXDOMAIN / no answer / a forced address); none when absent. */
  faults?: ActiveFaultView;
  log: Logger;
  /** Close TCP connections idle this long (default 10 s). */
  tcpIdleTimeoutMs?: number;
  /**
   * Each TCP request must be answered within this long, counted from the accept (or the previous answer): a client
   * trickling a byte at a time cannot hold a connection slot past it (default 10 s).
   */
  tcpRequestTimeoutMs?: number;
  /** Per-source UDP rate limit (default 1000 queries/s, burst 2000, slip 2); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Refuse TCP connections beyond this many (default 512). */
  maxTcpConnections?: number;
}

export interface DnsServer {
  udpPort: number;
  tcpPort: number;
  close(): Promise<void>;
}

const SHARED_PORT_ATTEMPTS = 10;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 1000, burst: 2000, slip: 2 };

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const { host, log } = opts;
  const index = new ZoneIndex(opts.zones);
  const udpEnv: QueryEnv = { index, sides: opts.sides, faults: opts.faults, log, transport: 'udp' };
  const tcpEnv: QueryEnv = { ...udpEnv, transport: 'tcp' };
  const sockets = new Set<net.Socket>();
  const makeTcp = (): net.Server => createTcpServer(tcpEnv, sockets, opts);

  let udp: dgram.Socket;
  let tcp: net.Server;
  if (opts.port !== 0) {
    udp = await bindUdp(host, opts.port);
    tcp = makeTcp();
    await listenTcp(tcp, host, opts.port).catch(async (err: unknown) => {
      await closeUdp(udp);
      throw err;
    });
  } else {
    [udp, tcp] = await bindEphemeralPair(host, makeTcp);
  }

  udp.on('error', (err) => log.warn({ err }, 'dns: UDP socket error'));
  tcp.on('error', (err) => log.warn({ err }, 'dns: TCP server error'));
  const limiter = opts.rateLimit === false ? undefined : new SourceRateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  let limitedLogged = 0;
  udp.on('message', (msg, rinfo) => {
    let out: Buffer | null;
    try {
      const decision = limiter?.decide(rinfo.address) ?? 'answer';
      if (decision !== 'answer' && Date.now() - limitedLogged > 10_000) {
        limitedLogged = Date.now();
        log.warn({ source: rinfo.address }, 'dns: UDP queries over the per-source rate limit (dropped, some slipped)');
      }
      out = decision === 'answer' ? respond(msg, udpEnv) : decision === 'slip' ? slipResponse(msg) : null;
    } catch (err) {
      log.debug({ err }, 'dns: UDP query handling failed');
      return;
    }
    if (!out || rinfo.port === 0) return;
    try {
      udp.send(out, rinfo.port, rinfo.address, (err) => {
        if (err) log.debug({ err, to: rinfo.address }, 'dns: UDP send failed');
      });
    } catch (err) {
      log.debug({ err }, 'dns: UDP send failed');
    }
  });

  const udpPort = udp.address().port;
  const tcpPort = (tcp.address() as AddressInfo).port;
  log.info({ host, udpPort, tcpPort, zones: opts.zones.map((z) => z.name) }, 'dns: server listening');

  let closing: Promise<void> | undefined;
  return {
    udpPort,
    tcpPort,
    close() {
      closing ??= (async () => {
        for (const s of sockets) s.destroy();
        await Promise.all([closeUdp(udp), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
        log.info({ host, udpPort, tcpPort }, 'dns: server closed');
      })();
      return closing;
    },
  };
}

function createTcpServer(env: QueryEnv, sockets: Set<net.Socket>, opts: DnsServerOptions): net.Server {
  const server = net.createServer((socket) =>
    serveTcpConnection(socket, env, sockets, opts.tcpIdleTimeoutMs ?? 10_000, opts.tcpRequestTimeoutMs ?? 10_000),
  );
  server.maxConnections = opts.maxTcpConnections ?? 512;
  return server;
}

function serveTcpConnection(
  socket: net.Socket,
  env: QueryEnv,
  sockets: Set<net.Socket>,
  idleMs: number,
  requestMs: number,
): void {
  const { log } = env;
  sockets.add(socket);
  // The idle timeout restarts on every byte; this one only when a request is answered.
  let deadline: NodeJS.Timeout | undefined;
  const armDeadline = (): void => {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      log.debug({ from: socket.remoteAddress }, 'dns: TCP request not complete in time; closing connection');
      socket.destroy();
    }, requestMs);
  };
  armDeadline();
  socket.once('close', () => {
    clearTimeout(deadline);
    sockets.delete(socket);
  });
  socket.on('error', (err) => log.debug({ err }, 'dns: TCP connection error'));
  socket.setNoDelay(true);
  socket.setTimeout(idleMs, () => socket.destroy());
  const decoder = new FrameDecoder();
  let awaitingDrain = false;
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const msg of decoder.push(chunk)) {
        const out = respond(msg, env);
        if (socket.destroyed) return;
        armDeadline();
        if (!out) continue;
        if (!socket.write(frame(out)) && !awaitingDrain) {
          // The client is not reading its answers: stop reading its queries until it does.
          awaitingDrain = true;
          socket.pause();
          socket.once('drain', () => {
            awaitingDrain = false;
            socket.resume();
          });
        }
      }
    } catch (err) {
      log.debug({ err }, 'dns: TCP query handling failed; closing connection');
      socket.destroy();
    }
  });
}

async function bindEphemeralPair(host: string, makeTcp: () => net.Server): Promise<[dgram.Socket, net.Server]> {
  for (let attempt = 0; attempt < SHARED_PORT_ATTEMPTS; attempt++) {
    const udp = await bindUdp(host, 0);
    const tcp = makeTcp();
    try {
      await listenTcp(tcp, host, udp.address().port);
      return [udp, tcp];
    } catch (err) {
      await closeUdp(udp);
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  // Give up on sharing: two independent ephemeral ports (both are reported).
  const udp = await bindUdp(host, 0);
  const tcp = makeTcp();
  await listenTcp(tcp, host, 0).catch(async (err: unknown) => {
    await closeUdp(udp);
    throw err;
  });
  return [udp, tcp];
}

function bindUdp(host: string, port: number): Promise<dgram.Socket> {
  const sock = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      void closeUdp(sock);
      reject(err);
    };
    sock.once('error', onError);
    sock.bind(port, host, () => {
      sock.off('error', onError);
      resolve(sock);
    });
  });
}

function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeUdp(sock: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      sock.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
