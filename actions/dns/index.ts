/** Public API of the built-in authoritative DNS server and the DNS failover actions. */
export { startDnsServer, type DnsServer, type DnsServerOptions } from './dns-server.ts';
export { createDnsFailbackAction, dnsFailback } from './failback-action.ts';
export { createDnsFailoverAction, dnsFailover } from './failover-action.ts';
export { MemoryDnsControl } from './memory-dns-control.ts';
export {
  DnsRecordStateStore,
  DnsSideCache,
  InvalidDnsRecordError,
  type DnsAuditEntry,
  type DnsRecordStateStoreOptions,
  type DnsSideCacheOptions,
} from './record-state-store.ts';
export type { DnsSwitchActionConfig, DnsSwitchActionOptions } from './switch-action.ts';
export {
  dnsConfigSchema,
  failoverTargets,
  type DnsConfig,
  type DnsConfigInput,
  type DnsRecordConfig,
  type DnsZoneConfig,
  type FailoverRecordConfig,
  type StaticRecordConfig,
} from './zone-config.ts';
export type { SideLookup } from './zone-index.ts';
