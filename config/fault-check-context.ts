/** What fault checks consult in a project's config: the fault proxies' names and the built-in DNS server's records. */
import type { FaultCheckContext } from '../core/fault.ts';
import type { ResolvedConfig } from './config-schema.ts';

export function faultCheckContext(config: ResolvedConfig): FaultCheckContext {
  const dnsRecords = new Set((config.dns?.zones ?? []).flatMap((z) => z.records.map((r) => r.name)));
  return {
    proxies: Object.keys(config.proxies ?? {}),
    dnsRecords: [...dnsRecords].sort(),
  };
}
