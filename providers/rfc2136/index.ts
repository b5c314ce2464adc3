/**
 * The `rfc2136` DNS provider: dynamic UPDATE (RFC 2136) with TSIG (RFC 8945), the standard way to change BIND 9,
 * Knot, PowerDNS and Windows DNS. Records and their sides come from the actions; the zone's primary is the truth.
 */
import { addressFamily, isRecordAddress } from '../../core/dns-address.ts';
import { isInZone, normaliseDnsName } from '../../core/dns-name.ts';
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import type { DnsProviderPlugin, ProviderIssue } from '../../core/provider.ts';
import { DnsAuditLog } from '../dns-audit-log.ts';
import { rfc2136EntrySchema, type Rfc2136Entry } from './rfc2136-config.ts';
import { Rfc2136DnsProvider } from './rfc2136-provider.ts';

export const rfc2136: DnsProviderPlugin<unknown, Rfc2136Entry> = {
  type: 'rfc2136',
  port: 'dns',
  entrySchema: rfc2136EntrySchema,
  checkTarget(target: DnsRecordTarget, _config: unknown, entry: Rfc2136Entry): ProviderIssue[] {
    const issues: ProviderIssue[] = [];
    const record = normaliseDnsName(target.record);
    if (!isInZone(record, entry.zone))
      issues.push({ path: 'record', message: `${record} is outside zone ${entry.zone} of this rfc2136 provider` });
    for (const side of ['primary', 'secondary'] as const) {
      const values = target[side];
      if (!values?.length)
        issues.push({ path: side, message: `the rfc2136 provider needs \`${side}\`: the address(es) of that side` });
      values?.forEach((a, i) => {
        if (!isRecordAddress(target.type ?? 'A', a))
          issues.push({
            path: `${side}.${i}`,
            message: `"${a}" is not an ${addressFamily(target.type ?? 'A')} address`,
          });
      });
    }
    const key = (v: readonly string[] | undefined) => [...(v ?? [])].sort().join(',');
    if (target.primary?.length && key(target.primary) === key(target.secondary))
      issues.push({ path: 'secondary', message: 'primary and secondary hold the same addresses: nothing to switch' });
    return issues;
  },
  create(_config, deps, entry) {
    const name = deps.name ?? 'rfc2136';
    const base = `${deps.prefix}:dns-provider:${name}:`;
    const secret = entry.tsig && process.env[entry.tsig.secretEnv]?.trim();
    return new Rfc2136DnsProvider({
      name,
      server: entry.server,
      zone: entry.zone,
      ...(entry.tsig && { tsig: { ...entry.tsig, secret: secret ? Buffer.from(secret, 'base64') : undefined } }),
      timeoutMs: entry.timeoutMs,
      audit: new DnsAuditLog(deps.redis, { audit: `${base}audit`, recordAudit: (r) => `${base}audit:${r}` }),
      redis: deps.redis,
      sidesKey: `${base}sides`,
    });
  },
};
