import { randomBytes } from 'node:crypto';
import dnsPacket from 'dns-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../../providers/builtin-dns/dns-server.ts';
import {
  demoConfig,
  queryPacket,
  rcodeOf,
  silentLog,
  staticSides,
  tcpConnect,
  tcpFrame,
  tcpQuery,
  udpExchange,
  udpQuery,
} from './helpers.ts';

const FORMERR = 1;
const NOTIMP = 4;

/** A 12-byte header: id 0xbeef, given flags and counts. */
function header(flags: number, qd: number, an = 0, ns = 0, ar = 0): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(0xbeef, 0);
  b.writeUInt16BE(flags, 2);
  [qd, an, ns, ar].forEach((n, i) => b.writeUInt16BE(n, 4 + 2 * i));
  return b;
}

const question = (name: Buffer) => Buffer.concat([name, Buffer.from([0, 1, 0, 1])]);

describe('dns server: malformed input', () => {
  let server: DnsServer;

  beforeAll(async () => {
    server = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zones: demoConfig.zones,
      sides: staticSides(),
      log: silentLog,
      tcpIdleTimeoutMs: 500,
    });
  });
  afterAll(() => server.close());

  // After every malformed input the server must still answer properly over both transports.
  afterEach(async () => {
    expect((await udpQuery(server.udpPort, queryPacket('www.demo.test'))).answers).toHaveLength(1);
    expect((await tcpQuery(server.tcpPort, queryPacket('www.demo.test'))).answers).toHaveLength(1);
  });

  it('drops datagrams shorter than a header', async () => {
    for (const len of [0, 1, 5, 11]) expect(await udpExchange(server.udpPort, randomBytes(len), 200)).toBeNull();
  });

  it('drops messages that are responses (QR set)', async () => {
    const resp = Buffer.from(queryPacket('www.demo.test'));
    resp[2] = (resp[2] as number) | 0x80;
    expect(await udpExchange(server.udpPort, resp, 200)).toBeNull();
  });

  const formerrCases: Record<string, Buffer> = {
    'header only, claims a question': header(0x0100, 1),
    'no question': header(0x0100, 0),
    'two questions': Buffer.concat([
      header(0x0100, 2),
      question(Buffer.from('\x03www\x04demo\x04test\x00', 'latin1')),
      question(Buffer.from('\x00', 'latin1')),
    ]),
    'label runs past the end': Buffer.concat([header(0, 1), Buffer.from('\x3fwww', 'latin1')]),
    'question without type/class': Buffer.concat([header(0, 1), Buffer.from('\x03www\x00\x00', 'latin1')]),
    'compression pointer in the question': Buffer.concat([header(0, 1), question(Buffer.from([0xc0, 0x0c]))]),
    'reserved label type': Buffer.concat([header(0, 1), question(Buffer.from([0x40, 0x41, 0x00]))]),
    'name longer than 255 bytes': Buffer.concat([
      header(0, 1),
      question(
        Buffer.concat([
          ...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])),
          Buffer.from([0]),
        ]),
      ),
    ]),
    'garbage additional section': Buffer.concat([
      header(0, 1, 0, 0, 3),
      question(Buffer.from('\x04demo\x04test\x00', 'latin1')),
      randomBytes(7),
    ]),
    'two OPT records': dnsPacket.encode({
      type: 'query',
      id: 0xbeef,
      questions: [{ name: 'www.demo.test', type: 'A' }],
      additionals: [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: 0,
          flag_do: false,
          options: [],
        },
      ],
    }),
  };
  for (const [name, msg] of Object.entries(formerrCases)) {
    it(`FORMERR with the id echoed: ${name}`, async () => {
      for (const reply of [await udpExchange(server.udpPort, msg), await tcpRaw(tcpFrame(msg))]) {
        expect(reply).not.toBeNull();
        expect((reply as Buffer).readUInt16BE(0)).toBe(0xbeef);
        expect(((reply as Buffer).readUInt16BE(2) & 0x8000) !== 0).toBe(true);
        expect(rcodeOf(reply as Buffer)).toBe(FORMERR);
      }
    });
  }

  it('NOTIMP for opcodes other than QUERY, echoing the opcode', async () => {
    for (const opcode of [1, 2, 4, 5, 15]) {
      const msg = Buffer.from(queryPacket('www.demo.test', 'A', { id: 0xbeef }));
      msg.writeUInt16BE((opcode << 11) | 0x0100, 2);
      const reply = (await udpExchange(server.udpPort, msg)) as Buffer;
      expect(rcodeOf(reply)).toBe(NOTIMP);
      expect((reply.readUInt16BE(2) >> 11) & 0xf).toBe(opcode);
    }
  });

  it('survives random datagrams (any reply echoes the id)', async () => {
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const msg = randomBytes(1 + (i % 120));
        return udpExchange(server.udpPort, msg, 300).then((reply) => ({ msg, reply }));
      }),
    );
    for (const { msg, reply } of replies) {
      if (reply) expect(reply.readUInt16BE(0)).toBe(msg.readUInt16BE(0));
    }
  });

  it('survives huge garbage over TCP', async () => {
    const client = await tcpConnect(server.tcpPort);
    client.socket.write(randomBytes(512 * 1024));
    client.socket.end();
    await client.closed;
  });

  it('survives a length prefix promising more than is ever sent', async () => {
    const client = await tcpConnect(server.tcpPort);
    client.socket.write(Buffer.concat([Buffer.from([0xff, 0xff]), randomBytes(100)]));
    await client.closed; // idle timeout (500 ms) closes it
  });

  it('skips zero-length frames and keeps the connection usable', async () => {
    const client = await tcpConnect(server.tcpPort);
    try {
      client.socket.write(
        Buffer.concat([
          Buffer.from([0, 0]),
          tcpFrame(randomBytes(3)),
          tcpFrame(queryPacket('www.demo.test', 'A', { id: 77 })),
        ]),
      );
      const [reply] = await client.next(1);
      expect(dnsPacket.decode(reply as Buffer).id).toBe(77);
    } finally {
      client.close();
    }
  });

  it('tolerates clients that disconnect mid-frame or reset', async () => {
    for (let i = 0; i < 20; i++) {
      const client = await tcpConnect(server.tcpPort);
      client.socket.write(tcpFrame(queryPacket('www.demo.test')).subarray(0, 1 + (i % 10)));
      if (i % 2) client.socket.resetAndDestroy();
      else client.close();
    }
  });

  async function tcpRaw(bytes: Buffer): Promise<Buffer | null> {
    const client = await tcpConnect(server.tcpPort);
    try {
      client.socket.write(bytes);
      const [reply] = await client.next(1, 1000);
      return reply ?? null;
    } finally {
      client.close();
    }
  }
});
