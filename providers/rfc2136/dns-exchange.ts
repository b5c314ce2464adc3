/**
 * One DNS request and its response, over UDP with a fallback to TCP when the answer is truncated (RFC 1035
 * § 4.2; RFC 7766). The response must come from the server and carry the request's ID.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { ProviderError } from '../../core/provider.ts';

export interface DnsServerAddress {
  host: string;
  port: number;
}

export interface Exchanged {
  response: Buffer;
  transport: 'udp' | 'tcp';
}

const TC = 0x0200;

export const describeServer = (s: DnsServerAddress): string =>
  s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;

export async function exchange(server: DnsServerAddress, request: Buffer, timeoutMs: number): Promise<Exchanged> {
  const response = await overUdp(server, request, timeoutMs);
  if ((response.readUInt16BE(2) & TC) === 0) return { response, transport: 'udp' };
  return { response: await overTcp(server, request, timeoutMs), transport: 'tcp' };
}

function noAnswer(server: DnsServerAddress, transport: string, timeoutMs: number, cause?: unknown): ProviderError {
  const why = cause ? `: ${(cause as Error).message}` : ` within ${timeoutMs} ms`;
  return new ProviderError(`no ${transport} answer from ${describeServer(server)}${why}`, { retryable: true, cause });
}

function overUdp(server: DnsServerAddress, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const id = request.readUInt16BE(0);
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => done(noAnswer(server, 'UDP', timeoutMs)), timeoutMs);
    const done = (err: Error | undefined, msg?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(msg as Buffer);
    };
    socket.on('error', (err) => done(noAnswer(server, 'UDP', timeoutMs, err)));
    socket.on('message', (msg, from) => {
      // Anything else (a stray or spoofed datagram) is ignored; the timeout still runs.
      if (from.port === server.port && msg.length >= 12 && msg.readUInt16BE(0) === id) done(undefined, msg);
    });
    socket.send(request, server.port, server.host, (err) => {
      if (err) done(noAnswer(server, 'UDP', timeoutMs, err));
    });
  });
}

function overTcp(server: DnsServerAddress, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    let settled = false;
    const timer = setTimeout(() => finish(noAnswer(server, 'TCP', timeoutMs)), timeoutMs);
    const finish = (err: Error | undefined, msg?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(msg as Buffer);
    };
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(request.length);
      socket.write(Buffer.concat([length, request]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2) return;
      const size = buffered.readUInt16BE(0);
      if (buffered.length < 2 + size) return;
      const msg = buffered.subarray(2, 2 + size);
      if (msg.length >= 12 && msg.readUInt16BE(0) === request.readUInt16BE(0)) finish(undefined, msg);
      else
        finish(
          new ProviderError(`${describeServer(server)} answered over TCP with another message ID`, { retryable: true }),
        );
    });
    socket.on('error', (err) => finish(noAnswer(server, 'TCP', timeoutMs, err)));
    socket.on('close', () => finish(noAnswer(server, 'TCP', timeoutMs, new Error('connection closed'))));
  });
}
