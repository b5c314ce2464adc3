/** DNS wire-format pieces the UPDATE and TSIG code writes and walks (RFC 1035 § 4): names, addresses, records. */
import { isIPv4 } from 'node:net';

export const TYPE = { A: 1, SOA: 6, AAAA: 28, TSIG: 250 } as const;
export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;

/** A name in canonical wire form (RFC 4034 § 6.2: lowercase, uncompressed), as TSIG digests it. */
export function encodeName(name: string): Buffer {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l, 'ascii')])),
    Buffer.of(0),
  ]);
}

/** The RDATA of an A (4 octets) or AAAA (16 octets) record; `address` is already validated. */
export function addressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    text = `${text.slice(0, -v4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
export const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
/** A 48-bit unsigned integer (TSIG's Time Signed). */
export const u48 = (n: number): Buffer => {
  const b = Buffer.alloc(6);
  b.writeUIntBE(n, 0, 6);
  return b;
};

/** One resource record: owner name, type, class, TTL and RDATA. */
export function resourceRecord(owner: Buffer, type: number, klass: number, ttl: number, rdata: Buffer): Buffer {
  return Buffer.concat([owner, u16(type), u16(klass), u32(ttl), u16(rdata.length), rdata]);
}

export interface RawRecord {
  /** Offset of the record's first octet. */
  start: number;
  end: number;
  /** The owner name, lowercase, without the trailing dot. */
  name: string;
  type: number;
  klass: number;
  ttl: number;
  rdata: Buffer;
  /** Offset of the RDATA in the message (names in it may point back into the message). */
  rdataStart: number;
}

/** Reads a (possibly compressed) name at `offset`: the name, and where the data after it starts. */
export function readName(buf: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let pos = offset;
  let end = -1;
  for (let hops = 0; hops < 128; hops++) {
    const len = buf.readUInt8(pos);
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: end === -1 ? pos + 1 : end };
    if ((len & 0xc0) === 0xc0) {
      if (end === -1) end = pos + 2;
      pos = buf.readUInt16BE(pos) & 0x3fff;
      continue;
    }
    if (len > 63 || pos + 1 + len > buf.length) break;
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  throw new RangeError('malformed name in DNS message');
}

/** The header counts and every record after the question section, in order (throws on a malformed message). */
export function readRecords(buf: Buffer): { id: number; flags: number; records: RawRecord[]; counts: number[] } {
  if (buf.length < 12) throw new RangeError('DNS message shorter than its header');
  const counts = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o));
  let pos = 12;
  for (let i = 0; i < (counts[0] ?? 0); i++) pos = readName(buf, pos).end + 4;
  const records: RawRecord[] = [];
  const total = (counts[1] ?? 0) + (counts[2] ?? 0) + (counts[3] ?? 0);
  for (let i = 0; i < total; i++) {
    const start = pos;
    const { name, end } = readName(buf, pos);
    const rdlength = buf.readUInt16BE(end + 8);
    const rdataStart = end + 10;
    if (rdataStart + rdlength > buf.length) throw new RangeError('DNS record runs past the end of the message');
    records.push({
      start,
      end: rdataStart + rdlength,
      name,
      type: buf.readUInt16BE(end),
      klass: buf.readUInt16BE(end + 2),
      ttl: buf.readUInt32BE(end + 4),
      rdata: buf.subarray(rdataStart, rdataStart + rdlength),
      rdataStart,
    });
    pos = rdataStart + rdlength;
  }
  return { id: buf.readUInt16BE(0), flags: buf.readUInt16BE(2), records, counts };
}
