import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { createLogger, type Logger } from '../../core/logger.ts';
import type { LogIngestor } from '../log-ingestor.ts';
import { LogsError } from '../logs-error.ts';
import type { InputLogEvent } from '../put-log-events.ts';
import { PUT_LOG_EVENTS_LIMITS as L } from '../put-log-events-limits.ts';
import { parseSyslog } from './parse-syslog.ts';
import { SyslogFramer } from './syslog-framing.ts';
import { compileRules, route, type SyslogRule } from './syslog-rules.ts';

export interface SyslogListenerOptions {
  /** `host:port` to listen on (port 0: any free port). */
  udp?: string | undefined;
  tcp?: string | undefined;
  rules: readonly SyslogRule[];
  ingestor: LogIngestor;
  flushIntervalMs: number;
  maxMessageBytes: number;
  now?: () => number;
  log?: Logger;
}

export interface SyslogStats {
  received: number;
  accepted: number;
  /** Rejected by PutLogEvents' rules (too old, too new, expired). */
  rejected: number;
  unparsable: number;
  /** No rule matched. */
  unrouted: number;
  /** Batches that failed to store (Redis down, group gone): their events are lost and counted here. */
  failed: number;
}

export interface SyslogListener {
  udpPort: number | undefined;
  tcpPort: number | undefined;
  stats: SyslogStats;
  /** Sends what is buffered now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

function splitHostPort(s: string): { host: string; port: number } {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(s.slice(i + 1)) };
}

const MAX_PENDING_EVENTS = 100_000;

/**
 * The syslog listener: UDP (one message per datagram) and TCP (octet-counted or newline framing, per frame),
 * RFC 5424 and RFC 3164. Each message is routed by the first matching rule to a group and stream, buffered, and
 * sent as PutLogEvents batches (sorted, ≤ 10,000 events, ≤ 1 MiB) every `flushIntervalMs`. The event's timestamp
 * is the header's (the receive time when it has none) and its message the MSG part.
 */
export async function startSyslogListener(o: SyslogListenerOptions): Promise<SyslogListener> {
  const log = o.log ?? createLogger('syslog');
  const now = o.now ?? Date.now;
  const rules = compileRules(o.rules);
  const stats: SyslogStats = { received: 0, accepted: 0, rejected: 0, unparsable: 0, unrouted: 0, failed: 0 };
  const pending = new Map<string, { group: string; stream: string; events: InputLogEvent[] }>();
  let pendingCount = 0;
  let flushing: Promise<void> = Promise.resolve();

  const receive = (frame: Buffer) => {
    stats.received += 1;
    const text = frame.toString('utf8').replace(/[\r\n\0]+$/, '');
    const at = now();
    const m = parseSyslog(text, at);
    if ('error' in m) {
      stats.unparsable += 1;
      log.debug({ err: m.error }, 'unparsable syslog message');
      return;
    }
    const to = route(rules, m);
    if (!to) {
      stats.unrouted += 1;
      return;
    }
    if (m.message === '') return;
    if (pendingCount >= MAX_PENDING_EVENTS) {
      stats.failed += 1;
      return;
    }
    const key = `${to.group}\u0000${to.stream}`;
    let p = pending.get(key);
    if (!p) pending.set(key, (p = { ...to, events: [] }));
    p.events.push({ timestamp: m.timestamp ?? at, message: m.message });
    pendingCount += 1;
  };

  const sendAll = async () => {
    const batches = [...pending.values()];
    pending.clear();
    pendingCount = 0;
    for (const b of batches) {
      for (const chunk of batchesOf(b.events)) {
        try {
          const r = await o.ingestor.put(b.group, b.stream, chunk);
          stats.accepted += r.accepted;
          stats.rejected += chunk.length - r.accepted;
          if (r.rejectedLogEventsInfo)
            log.warn({ group: b.group, stream: b.stream, ...r.rejectedLogEventsInfo }, 'syslog events rejected');
        } catch (err) {
          stats.failed += chunk.length;
          log.error(
            { group: b.group, stream: b.stream, err: (err as Error).message, client: err instanceof LogsError },
            'syslog batch not stored',
          );
        }
      }
    }
  };
  const flush = (): Promise<void> => (flushing = flushing.then(sendAll));
  const timer = setInterval(() => void flush(), o.flushIntervalMs);

  let udp: Socket | undefined;
  let tcp: Server | undefined;
  const sockets = new Set<import('node:net').Socket>();
  try {
    if (o.udp) {
      const { host, port } = splitHostPort(o.udp);
      // A large receive buffer absorbs bursts while a batch is being stored (the kernel caps it at net.core.rmem_max).
      const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 8 << 20 });
      udp = socket;
      socket.on('message', (msg) => receive(msg));
      socket.on('error', (err) => log.error({ err: err.message }, 'syslog UDP socket error'));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    }
    if (o.tcp) {
      const { host, port } = splitHostPort(o.tcp);
      const server = createServer((conn) => {
        sockets.add(conn);
        const framer = new SyslogFramer(o.maxMessageBytes);
        conn.on('data', (chunk: Buffer) => {
          try {
            for (const f of framer.push(chunk)) receive(f);
          } catch (err) {
            log.warn({ err: (err as Error).message, peer: conn.remoteAddress }, 'syslog TCP framing error: closing');
            stats.unparsable += 1;
            conn.destroy();
          }
        });
        conn.on('end', () => {
          const last = framer.end();
          if (last) receive(last);
          conn.end();
        });
        conn.on('error', () => conn.destroy());
        conn.on('close', () => sockets.delete(conn));
      });
      tcp = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
  } catch (err) {
    clearInterval(timer);
    udp?.close();
    tcp?.close();
    throw err;
  }
  const udpAddress = udp?.address();
  const tcpAddress = tcp?.address();
  log.info({ udp: udpAddress, tcp: tcpAddress }, 'syslog listening');
  return {
    udpPort: udpAddress?.port,
    tcpPort: typeof tcpAddress === 'object' && tcpAddress ? tcpAddress.port : undefined,
    stats,
    flush,
    async close() {
      clearInterval(timer);
      await new Promise<void>((resolve) => (udp ? udp.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()));
      await flush();
    },
  };
}

/** Sorted events cut into valid PutLogEvents batches (count, bytes, 24-hour span). */
function* batchesOf(events: InputLogEvent[]): Generator<InputLogEvent[]> {
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i);
  let batch: InputLogEvent[] = [];
  let bytes = 0;
  for (const { e } of sorted) {
    const size = Buffer.byteLength(e.message, 'utf8') + L.eventOverheadBytes;
    const first = batch[0];
    if (
      batch.length > 0 &&
      (batch.length >= L.maxEvents ||
        bytes + size > L.maxBatchBytes ||
        (first !== undefined && e.timestamp - first.timestamp > L.maxBatchSpanMs))
    ) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    if (size - L.eventOverheadBytes > L.maxMessageBytes) continue;
    batch.push(e);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
