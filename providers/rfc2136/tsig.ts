/**
 * TSIG (RFC 8945): signing a request and verifying the server's signed response with a shared HMAC key. The MAC
 * input is, in order (§ 4.3): the request's MAC (responses only; 2-octet size, then the MAC), the message as it is
 * without its TSIG record (original ID, ARCOUNT not counting the TSIG), then the TSIG variables (§ 4.3.3): key name
 * and algorithm name in canonical wire form, class ANY, TTL 0, Time Signed, Fudge, Error, Other Len, Other Data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLASS, encodeName, readName, readRecords, resourceRecord, TYPE, u16, u32, u48 } from './wire.ts';

/** The HMAC algorithms of RFC 8945 § 6 that canarykit signs with (hmac-md5 and GSS-TSIG are not offered). */
export const TSIG_ALGORITHMS = ['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const;
export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

/** A TSIG key; `secret` is the decoded key (`secret "…"` in BIND's key clause is its base64). */
export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

/** TSIG error codes (RFC 8945 § 3; BADTRUNC from § 5.2.3). */
export const TSIG_ERRORS: Readonly<Record<number, string>> = {
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  22: 'BADTRUNC',
};

/** Seconds of clock difference allowed either way (the RFC's recommended 300). */
export const FUDGE = 300;

const EMPTY = Buffer.alloc(0);

function mac(key: TsigKey, parts: readonly Buffer[]): Buffer {
  const h = createHmac(key.algorithm.slice('hmac-'.length), key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

function variables(keyName: string, algorithm: string, time: number, fudge: number, error: number, other: Buffer) {
  return Buffer.concat([
    encodeName(keyName),
    u16(CLASS.ANY),
    u32(0),
    encodeName(algorithm),
    u48(time),
    u16(fudge),
    u16(error),
    u16(other.length),
    other,
  ]);
}

/** `message` with a TSIG record appended (ARCOUNT + 1), and the MAC, which verifies the response. */
export function signRequest(message: Buffer, key: TsigKey, nowMs = Date.now()): { message: Buffer; mac: Buffer } {
  const time = Math.floor(nowMs / 1000);
  const digest = mac(key, [message, variables(key.name, key.algorithm, time, FUDGE, 0, EMPTY)]);
  const rdata = Buffer.concat([
    encodeName(key.algorithm),
    u48(time),
    u16(FUDGE),
    u16(digest.length),
    digest,
    u16(message.readUInt16BE(0)),
    u16(0),
    u16(0),
  ]);
  const signed = Buffer.concat([message, resourceRecord(encodeName(key.name), TYPE.TSIG, CLASS.ANY, 0, rdata)]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { message: signed, mac: digest };
}

export type TsigCheck =
  | { result: 'valid' }
  /** The response carries no TSIG record. */
  | { result: 'unsigned' }
  /** The server refused our signature: the TSIG record's error (BADSIG, BADKEY, BADTIME, …). */
  | { result: 'refused'; error: string }
  /** The response is signed, but not validly with our key. */
  | { result: 'invalid'; reason: string };

/** Checks the TSIG record a server appended to its response to a request signed with `requestMac`. */
export function verifyResponse(response: Buffer, key: TsigKey, requestMac: Buffer, nowMs = Date.now()): TsigCheck {
  const { records, counts } = readRecords(response);
  const tsig = records.at(-1);
  const arcount = counts[3] ?? 0;
  if (!tsig || tsig.type !== TYPE.TSIG || arcount === 0) return { result: 'unsigned' };
  const alg = readName(response, tsig.rdataStart);
  let pos = alg.end;
  const time = response.readUIntBE(pos, 6);
  const fudge = response.readUInt16BE(pos + 6);
  const macSize = response.readUInt16BE(pos + 8);
  pos += 10;
  const theirs = response.subarray(pos, pos + macSize);
  pos += macSize;
  const originalId = response.readUInt16BE(pos);
  const error = response.readUInt16BE(pos + 2);
  const otherLen = response.readUInt16BE(pos + 4);
  const other = response.subarray(pos + 6, pos + 6 + otherLen);
  if (pos + 6 + otherLen !== tsig.end) return { result: 'invalid', reason: 'malformed TSIG record' };
  if (error !== 0) return { result: 'refused', error: TSIG_ERRORS[error] ?? `TSIG error ${error}` };
  if (tsig.name !== key.name.toLowerCase() || alg.name !== key.algorithm)
    return { result: 'invalid', reason: `signed with key ${tsig.name} (${alg.name}), not ${key.name}` };
  const body = Buffer.from(response.subarray(0, tsig.start));
  body.writeUInt16BE(originalId, 0);
  body.writeUInt16BE(arcount - 1, 10);
  const ours = mac(key, [
    u16(requestMac.length),
    requestMac,
    body,
    variables(tsig.name, alg.name, time, fudge, error, other),
  ]);
  if (theirs.length !== ours.length || !timingSafeEqual(theirs, ours))
    return { result: 'invalid', reason: 'its MAC does not verify with our key' };
  if (Math.abs(nowMs / 1000 - time) > fudge)
    return {
      result: 'invalid',
      reason: `signed at ${new Date(time * 1000).toISOString()}, outside the ${fudge} s fudge`,
    };
  return { result: 'valid' };
}
