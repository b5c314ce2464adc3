/** Shared helpers for the DNS tests: fixtures, raw UDP/TCP exchanges, isolated Redis prefixes. */
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { promises as dnsPromises } from 'node:dns';
import net from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type RecordType } from 'dns-packet';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { dnsConfigSchema, type DnsConfigInput } from '../../providers/builtin-dns/zone-config.ts';

export const silentLog = pino({ level: process.env.DNS_TEST_LOG ?? 'silent' });

export const demoConfigInput: DnsConfigInput = {
  listen: { port: 0 },
  zones: [
    {
      name: 'demo.test',
      records: [
        { name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' },
        { name: 'www.demo.test', type: 'AAAA', ttl: 7, primary: '2001:db8::2', secondary: '2001:db8::3' },
        { name: 'api.demo.test', type: 'A', primary: ['127.0.1.1', '127.0.1.2'], secondary: '127.0.2.1' },
        { name: 'static.demo.test', type: 'A', value: '192.0.2.10' },
        { name: 'deep.ent.demo.test', type: 'A', value: '192.0.2.11' },
        {
          name: 'big.demo.test',
          type: 'A',
          ttl: 30,
          value: Array.from({ length: 30 }, (_, i) => `198.51.100.${i + 1}`),
        },
      ],
    },
    { name: 'other.test', records: [{ name: 'other.test', type: 'A', value: '192.0.2.99' }] },
  ],
};

export const demoConfig = dnsConfigSchema.parse(demoConfigInput);

/** A mutable SideLookup for server tests that don't need Redis. */
export function staticSides(initial: Record<string, 'primary' | 'secondary'> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    get: (record: string) => map.get(record) ?? 'primary',
    set: (record: string, side: 'primary' | 'secondary') => void map.set(record, side),
  };
}

export function resolverFor(port: number): dnsPromises.Resolver {
  const r = new dnsPromises.Resolver({ timeout: 1500, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  return r;
}

let nextId = 1;
export function queryPacket(
  name: string,
  type: RecordType = 'A',
  opts: { id?: number; rd?: boolean; edns?: { udpPayloadSize?: number; ednsVersion?: number } } = {},
): Buffer {
  const additionals: Answer[] = opts.edns
    ? [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: opts.edns.udpPayloadSize ?? 1232,
          extendedRcode: 0,
          ednsVersion: opts.edns.ednsVersion ?? 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ]
    : [];
  return dnsPacket.encode({
    type: 'query',
    id: opts.id ?? nextId++ & 0xffff,
    flags: opts.rd === false ? 0 : dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals,
  });
}

/** Sends one datagram; resolves with the reply, or null when none arrives within `timeoutMs`. */
export function udpExchange(port: number, msg: Buffer, timeoutMs = 1000): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (reply: Buffer | null): void => {
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    };
    sock.on('error', reject);
    sock.on('message', (reply) => finish(reply));
    sock.send(msg, port, '127.0.0.1');
  });
}

export async function udpQuery(port: number, msg: Buffer): Promise<DecodedPacket> {
  const reply = await udpExchange(port, msg);
  if (!reply) throw new Error('no UDP reply');
  return dnsPacket.decode(reply);
}

/** Length-prefixes a message. */
export function tcpFrame(msg: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length);
  return Buffer.concat([len, msg]);
}

export interface TcpClient {
  socket: net.Socket;
  /** Resolves with the next `n` reply frames (rejects after `timeoutMs`). */
  next(n?: number, timeoutMs?: number): Promise<Buffer[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export async function tcpConnect(port: number): Promise<TcpClient> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  let buf = Buffer.alloc(0);
  const frames: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const len = buf.readUInt16BE(0);
      frames.push(buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
    }
    wake?.();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closed,
    close: () => socket.destroy(),
    async next(n = 1, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} TCP frame(s), got ${frames.length}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
      }
      return frames.splice(0, n);
    },
  };
}

export async function tcpQuery(port: number, msg: Buffer): Promise<DecodedPacket> {
  const client = await tcpConnect(port);
  try {
    client.socket.write(tcpFrame(msg));
    const [reply] = await client.next(1);
    return dnsPacket.decode(reply as Buffer);
  } finally {
    client.close();
  }
}

export function rcodeOf(packet: Buffer | DecodedPacket): number {
  const flags = Buffer.isBuffer(packet) ? packet.readUInt16BE(2) : (packet.flags ?? 0);
  return flags & 0xf;
}

/** A Redis connection plus a random key prefix that is wiped by `cleanup()`. */
export async function redisFixture(): Promise<{
  redis: Redis;
  prefix: string;
  connect(): Redis;
  keys(): Promise<string[]>;
  cleanup(): Promise<void>;
}> {
  const prefix = `canarykit-test:dns:${randomUUID()}:`;
  const clients: Redis[] = [];
  const connect = (): Redis => {
    const c = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
    clients.push(c);
    return c;
  };
  const redis = connect();
  await redis.ping();
  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  return {
    redis,
    prefix,
    connect,
    keys,
    async cleanup() {
      const found = await keys();
      if (found.length) await redis.del(...found);
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

export async function eventually<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}
