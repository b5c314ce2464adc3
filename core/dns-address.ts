/** Address checks for the values of A and AAAA records, shared by DNS actions and providers. */
import { isIPv4, isIPv6 } from 'node:net';
import type { DnsRecordType } from './dns-provider.ts';

/** True when `address` is a value a record of `type` can hold (IPv4 for A, IPv6 without a zone index for AAAA). */
export function isRecordAddress(type: DnsRecordType, address: string): boolean {
  return type === 'A' ? isIPv4(address) : isIPv6(address) && !address.includes('%');
}

/** The family a record type holds, for messages. */
export const addressFamily = (type: DnsRecordType): string => (type === 'A' ? 'IPv4' : 'IPv6');

/** One spelling per address (IPv6 compressed and lowercase), so served and configured values compare as equal. */
export function canonicalAddress(address: string): string {
  return isIPv6(address) ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}
