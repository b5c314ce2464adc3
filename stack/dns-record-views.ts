import type { DnsConfig } from '../actions/dns/zone-config.ts';
import type { DnsRecordView } from '../server/api-deps.ts';

/** The failover records of the DNS config, flattened for the API. */
export function dnsRecordViews(dns: DnsConfig | undefined): DnsRecordView[] {
  const out: DnsRecordView[] = [];
  for (const zone of dns?.zones ?? []) {
    for (const r of zone.records) {
      if ('primary' in r) out.push({ name: r.name, type: r.type, ttl: r.ttl, primary: String(r.primary), secondary: String(r.secondary) });
    }
  }
  return out;
}
