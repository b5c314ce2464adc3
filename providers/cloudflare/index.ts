/**
 * The `cloudflare` DNS provider: the zone's DNS records through the Cloudflare API v4 (over fetch), with an API
 * token from the environment. Records and their sides come from the actions; the zone is the truth.
 */
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import type { DnsProviderPlugin, ProviderIssue } from '../../core/provider.ts';
import { DnsAuditLog } from '../dns-audit-log.ts';
import { recordSidesIssues } from '../record-sides.ts';
import { CloudflareApi } from './cloudflare-api.ts';
import { cloudflareEntrySchema, type CloudflareEntry } from './cloudflare-config.ts';
import { CloudflareDnsProvider } from './cloudflare-provider.ts';

export const cloudflare: DnsProviderPlugin<unknown, CloudflareEntry> = {
  type: 'cloudflare',
  port: 'dns',
  entrySchema: cloudflareEntrySchema,
  checkTarget(target: DnsRecordTarget, _config: unknown, entry: CloudflareEntry): ProviderIssue[] {
    const issues = recordSidesIssues(target, entry.zone, 'cloudflare provider');
    if (target.ttl !== undefined && target.ttl !== 1 && (target.ttl < 60 || target.ttl > 86_400))
      issues.push({ path: 'ttl', message: 'Cloudflare takes a TTL of 60 to 86400 seconds, or 1 for automatic' });
    return issues;
  },
  create(_config, deps, entry) {
    const name = deps.name ?? 'cloudflare';
    const base = `${deps.prefix}:dns-provider:${name}:`;
    return new CloudflareDnsProvider({
      name,
      // Read on each call, so a rotated token in the environment of a reloaded process is used.
      api: new CloudflareApi({
        apiUrl: entry.apiUrl,
        zoneId: entry.zoneId,
        token: () => process.env[entry.tokenEnv]?.trim(),
        tokenEnv: entry.tokenEnv,
        timeoutMs: entry.timeoutMs,
      }),
      zoneId: entry.zoneId,
      zone: entry.zone,
      audit: new DnsAuditLog(deps.redis, { audit: `${base}audit`, recordAudit: (r) => `${base}audit:${r}` }),
      redis: deps.redis,
      sidesKey: `${base}sides`,
    });
  },
};
