/**
 * The built-in DNS provider: canarykit's own authoritative server for the `dns.zones` of the config. Its state
 * (the side of each failover record) lives in Redis, so every `canary up` serves the same answers.
 */
import { z } from 'zod';
import { normaliseDnsName } from '../../core/dns-name.ts';
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import type { DnsProviderPlugin } from '../../core/provider.ts';
import type { ProviderIssue } from '../../core/provider.ts';
import { BuiltinDnsProvider } from './builtin-dns-provider.ts';
import { DnsRecordStateStore } from './record-state-store.ts';
import { failoverTargets, type DnsConfig } from './zone-config.ts';

/** What the built-in provider reads from the project config: the `dns` section. */
export interface BuiltinDnsSection {
  dns?: DnsConfig | undefined;
}

/** Fields of a DNS action that other providers read and the built-in one takes from `dns.zones` instead. */
const ZONE_FIELDS = { type: 'recordType', primary: 'primary', secondary: 'secondary', ttl: 'ttl' } as const;

export const builtinDns: DnsProviderPlugin<BuiltinDnsSection, { type: 'builtin' }> = {
  type: 'builtin',
  port: 'dns',
  entrySchema: z.strictObject({ type: z.literal('builtin') }),
  checkTarget(target: DnsRecordTarget, config: BuiltinDnsSection): ProviderIssue[] {
    const extra = Object.entries(ZONE_FIELDS).flatMap(([key, field]) =>
      target[key as keyof typeof ZONE_FIELDS] === undefined
        ? []
        : [{ path: field, message: `the built-in provider serves what dns.zones says: remove \`${field}\` here` }],
    );
    if (extra.length) return extra;
    const record = normaliseDnsName(target.record);
    const zones = config.dns?.zones ?? [];
    const failover = failoverTargets(zones);
    if (failover.has(record)) return [];
    if (zones.some((z) => z.records.some((r) => r.name === record)))
      return [
        {
          path: 'record',
          message: `"${record}" is a static record in dns.zones: only a failover record (with primary and secondary) can be switched`,
        },
      ];
    return [
      {
        path: 'record',
        message: `unknown DNS record "${target.record}": expected one of the failover records in dns.zones (${[...failover.keys()].join(', ') || 'none defined'})`,
      },
    ];
  },
  create(config, deps) {
    const zones = config.dns?.zones ?? [];
    const store = new DnsRecordStateStore(deps.redis, `${deps.prefix}:`, { zones });
    return new BuiltinDnsProvider(store, {
      zones,
      ...(deps.builtinDnsServer ? { server: deps.builtinDnsServer } : {}),
    });
  },
};
