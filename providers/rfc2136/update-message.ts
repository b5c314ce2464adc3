/**
 * The RFC 2136 UPDATE that points a record at one side: zone section (the zone's SOA), a prerequisite that the
 * RRset is exactly the other side's values ("RRset exists (value dependent)", § 2.4.2), and updates that delete
 * those values (class NONE, § 2.5.4) and add the new ones (§ 2.5.1). The server applies all or nothing.
 */
import type { DnsRecordType } from '../../core/dns-provider.ts';
import { addressBytes, CLASS, encodeName, resourceRecord, TYPE, u16 } from './wire.ts';

export const OPCODE_UPDATE = 5;

/** RCODEs of an UPDATE response (RFC 1035, RFC 2136 § 2.2). */
export const UPDATE_RCODES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

export interface SwitchUpdate {
  id: number;
  zone: string;
  record: string;
  type: DnsRecordType;
  /** The values the RRset must hold for the update to apply; they are deleted. */
  expected: readonly string[];
  /** The values written, with `ttl`. */
  values: readonly string[];
  ttl: number;
}

export function switchUpdate(u: SwitchUpdate): Buffer {
  const owner = encodeName(u.record);
  const type = TYPE[u.type];
  const prerequisites = u.expected.map((v) => resourceRecord(owner, type, CLASS.IN, 0, addressBytes(v)));
  const deletes = u.expected.map((v) => resourceRecord(owner, type, CLASS.NONE, 0, addressBytes(v)));
  const adds = u.values.map((v) => resourceRecord(owner, type, CLASS.IN, u.ttl, addressBytes(v)));
  const header = Buffer.concat([
    u16(u.id),
    u16(OPCODE_UPDATE << 11),
    u16(1),
    u16(prerequisites.length),
    u16(deletes.length + adds.length),
    u16(0),
  ]);
  const zone = Buffer.concat([encodeName(u.zone), u16(TYPE.SOA), u16(CLASS.IN)]);
  return Buffer.concat([header, zone, ...prerequisites, ...deletes, ...adds]);
}
