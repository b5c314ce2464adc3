/** One DNS query in, one response out (or null = drop). Pure and synchronous; never throws. */
import dnsPacket, { type Answer, type DecodedPacket } from 'dns-packet';
import type { ActiveFaultView } from '../../core/fault.ts';
import type { Logger } from '../../core/logger.ts';
import { faultAnswer } from './fault-answer.ts';
import type { SideLookup, ZoneIndex } from './zone-index.ts';

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

const QR = 0x8000;
const OPCODE_MASK = 0x7800;
const AA = 0x0400;
const TC = 0x0200;
const RD = 0x0100;
const CD = 0x0010;
const CLASS_IN = 1;
const CLASS_ANY = 255;
/** UDP payload size we advertise and honour (the DNS flag day 2020 value). */
export const EDNS_UDP_SIZE = 1232;

export interface QueryEnv {
  index: ZoneIndex;
  sides: SideLookup;
  log: Logger;
  transport: 'udp' | 'tcp';
  /** Active `dns` faults: a query for a faulted name gets the fault's answer (or none). */
  faults?: ActiveFaultView | undefined;
}

interface Question {
  labels: string[];
  qtype: number;
  qclass: number;
  /** Offset just past the question. */
  end: number;
}

interface Edns {
  udpSize: number;
  version: number;
}

/** Builds the response to `msg`; returns null when the message must be dropped (too short, or not a query). */
export function respond(msg: Buffer, env: QueryEnv): Buffer | null {
  if (msg.length < 12) {
    env.log.debug({ bytes: msg.length }, 'dns: dropping message shorter than a header');
    return null;
  }
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (flags & QR) return null; // a response: answering could start a loop
  try {
    return answer(msg, id, flags, env);
  } catch (err) {
    env.log.warn({ err, id }, 'dns: failed to answer query');
    return headerOnly(id, flags, RCODE.SERVFAIL);
  }
}

function answer(msg: Buffer, id: number, flags: number, env: QueryEnv): Buffer | null {
  if ((flags & OPCODE_MASK) !== 0) return headerOnly(id, flags, RCODE.NOTIMP);
  const q = msg.readUInt16BE(4) === 1 ? parseQuestion(msg) : undefined;
  if (!q) {
    env.log.debug({ id, qdcount: msg.readUInt16BE(4) }, 'dns: FORMERR (question section)');
    return headerOnly(id, flags, RCODE.FORMERR);
  }
  const edns = readEdns(msg);
  if (edns === 'formerr') {
    env.log.debug({ id }, 'dns: FORMERR (undecodable records after the question)');
    return headerOnly(id, flags, RCODE.FORMERR);
  }
  const rawQuestion = msg.subarray(12, q.end);
  const opt = edns ? [optRecord(edns.version > 0 ? 1 : 0)] : [];
  if (edns && edns.version > 0) return encode(id, flags, RCODE.NOERROR, false, rawQuestion, [], [], opt, 65_535); // BADVERS (16) via OPT
  if (q.qclass !== CLASS_IN && q.qclass !== CLASS_ANY)
    return encode(id, flags, RCODE.REFUSED, false, rawQuestion, [], [], opt, 65_535);

  const limit = env.transport === 'tcp' ? 65_535 : edns ? Math.max(512, Math.min(edns.udpSize, EDNS_UDP_SIZE)) : 512;
  const faulted =
    env.faults && !q.labels.some((l) => l.includes('.'))
      ? faultAnswer(env.faults, q.labels.join('.'), q.qtype)
      : undefined;
  if (faulted) {
    if (faulted.kind === 'drop') return null;
    if (faulted.kind === 'rcode')
      return encode(id, flags, RCODE[faulted.rcode], faulted.rcode === 'NXDOMAIN', rawQuestion, [], [], opt, limit);
    return encode(id, flags, RCODE.NOERROR, true, rawQuestion, faulted.answers, [], opt, limit);
  }
  const res = env.index.resolve(q.labels, q.qtype, env.sides);
  return encode(id, flags, RCODE[res.rcode], res.authoritative, rawQuestion, res.answers, res.authorities, opt, limit);
}

function parseQuestion(msg: Buffer): Question | undefined {
  const labels: string[] = [];
  let off = 12;
  let nameLength = 1;
  for (;;) {
    const len = msg[off];
    if (len === undefined || (len & 0xc0) !== 0) return undefined; // overflow, or compression in the first name
    off += 1;
    if (len === 0) break;
    nameLength += len + 1;
    if (nameLength > 255 || off + len > msg.length) return undefined;
    labels.push(asciiLower(msg.toString('latin1', off, off + len)));
    off += len;
  }
  if (off + 4 > msg.length) return undefined;
  return { labels, qtype: msg.readUInt16BE(off), qclass: msg.readUInt16BE(off + 2), end: off + 4 };
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** EDNS info from the OPT record, undefined without one, 'formerr' when the other sections don't decode. */
function readEdns(msg: Buffer): Edns | undefined | 'formerr' {
  if (msg.readUInt16BE(6) + msg.readUInt16BE(8) + msg.readUInt16BE(10) === 0) return undefined;
  let decoded: DecodedPacket;
  try {
    decoded = dnsPacket.decode(msg);
  } catch {
    return 'formerr';
  }
  const opts = (decoded.additionals ?? []).filter((a) => a.type === 'OPT');
  const [opt] = opts;
  if (!opt) return undefined;
  if (opts.length > 1) return 'formerr';
  return { udpSize: opt.udpPayloadSize, version: opt.ednsVersion };
}

function optRecord(extendedRcode: number): Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: EDNS_UDP_SIZE,
    extendedRcode,
    ednsVersion: 0,
    flags: 0,
    flag_do: false,
    options: [],
  };
}

function responseFlags(reqFlags: number, rcode: number, aa: boolean): number {
  return QR | (reqFlags & (OPCODE_MASK | RD | CD)) | (aa ? AA : 0) | rcode;
}

/** A 12-byte response header with empty sections (FORMERR / NOTIMP / SERVFAIL). */
export function headerOnly(id: number, reqFlags: number, rcode: number): Buffer {
  const buf = Buffer.alloc(12);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(responseFlags(reqFlags, rcode, false), 2);
  return buf;
}

function encode(
  id: number,
  reqFlags: number,
  rcode: number,
  aa: boolean,
  rawQuestion: Buffer,
  answers: Answer[],
  authorities: Answer[],
  additionals: Answer[],
  limit: number,
): Buffer {
  let flags = responseFlags(reqFlags, rcode, aa);
  // dns-packet does not compress names, so its sections can follow our verbatim copy of the question.
  let body = dnsPacket.encode({ id, flags: flags & ~QR, type: 'response', answers, authorities, additionals });
  if (rawQuestion.length + body.length > limit) {
    flags |= TC;
    body = dnsPacket.encode({ id, flags: flags & ~QR, type: 'response', additionals });
  }
  body.writeUInt16BE(flags, 2);
  body.writeUInt16BE(1, 4);
  return Buffer.concat([body.subarray(0, 12), rawQuestion, body.subarray(12)]);
}
