import type { DnsConfig } from '../providers/builtin-dns/zone-config.ts';
import type { DnsRecordView } from '../server/api-deps.ts';

/** The failover records of the DNS config, flattened for the API. */
export function dnsRecordViews(dns: DnsConfig | undefined): DnsRecordView[] {
  const out: DnsRecordView[] = [];
  for (const zone of dns?.zones ?? []) {
    for (const r of zone.records) {
      if ('primary' in r)
        out.push({ name: r.name, type: r.type, ttl: r.ttl, primary: one(r.primary), secondary: one(r.secondary) });
    }
  }
  return out;
}

/** A single address reads better as a string; several stay a list. */
function one(v: string | readonly string[]): string | string[] {
  return typeof v === 'string' ? v : v.length === 1 ? (v[0] as string) : [...v];
}
