/** Asks a DNS server what it answers for a record (a real query over UDP), and which side that is. */
import { Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { DnsServedAnswer, DnsSide } from '../../core/dns-provider.ts';
import { ProviderError } from '../../core/provider.ts';
import type { DnsRecordType } from './zone-config.ts';

export interface DnsEndpoint {
  host: string;
  port: number;
}

/** Answers that mean "nothing of this type here", not "the server did not answer". */
const EMPTY = new Set(['ENODATA', 'ENOTFOUND']);

export async function queryServed(
  server: DnsEndpoint,
  record: string,
  types: readonly DnsRecordType[],
  sides: Readonly<Record<DnsSide, readonly string[]>> | undefined,
  timeoutMs: number,
): Promise<DnsServedAnswer> {
  const host = reachableHost(server.host);
  const source = `udp ${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([host.includes(':') ? `[${host}]:${server.port}` : `${host}:${server.port}`]);
  const values: string[] = [];
  for (const type of types) {
    try {
      values.push(...(type === 'A' ? await resolver.resolve4(record) : await resolver.resolve6(record)));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!EMPTY.has(code))
        throw new ProviderError(`${source} did not answer ${type} ${record}: ${code || (err as Error).message}`, {
          retryable: true,
          cause: err,
        });
    }
  }
  return { record, side: sideOf(values, sides), values, source };
}

/** The side whose values equal `values` (as sets, addresses in canonical form); primary wins a tie. */
export function sideOf(
  values: readonly string[],
  sides: Readonly<Record<DnsSide, readonly string[]>> | undefined,
): DnsSide | undefined {
  if (!sides) return undefined;
  const served = new Set(values.map(canonicalAddress));
  const same = (list: readonly string[]) => {
    const want = new Set(list.map(canonicalAddress));
    return want.size === served.size && [...want].every((v) => served.has(v));
  };
  if (same(sides.primary)) return 'primary';
  if (same(sides.secondary)) return 'secondary';
  return undefined;
}

function canonicalAddress(a: string): string {
  return isIPv6(a) ? new URL(`http://[${a}]/`).hostname.slice(1, -1) : a;
}

/** A server listening on every address is asked on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}
