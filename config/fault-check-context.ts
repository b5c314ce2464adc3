/** What fault checks consult in a project's config: the fault proxies' names and the built-in DNS server's records. */
import type { FaultCheckContext } from '../core/fault.ts';
import type { ResolvedConfig } from './config-schema.ts';

export function faultCheckContext(config: ResolvedConfig): FaultCheckContext {
  // `proxies` is the fault proxy's section; read loosely so this works whether or not it is configured.
  const proxies = (config as { proxies?: unknown }).proxies;
  const dnsRecords = new Set((config.dns?.zones ?? []).flatMap((z) => z.records.map((r) => r.name)));
  return {
    proxies: proxies && typeof proxies === 'object' ? Object.keys(proxies) : [],
    dnsRecords: [...dnsRecords].sort(),
  };
}
