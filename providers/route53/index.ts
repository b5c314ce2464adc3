/**
 * The `route53` DNS provider: ChangeResourceRecordSets (UPSERT) with `@aws-sdk/client-route-53`, then GetChange
 * until INSYNC. Records and their sides come from the actions; the hosted zone is the truth.
 */
import { Route53Client } from '@aws-sdk/client-route-53';
import type { DnsRecordTarget } from '../../core/dns-provider.ts';
import type { DnsProviderPlugin, ProviderIssue } from '../../core/provider.ts';
import { awsCredentials } from '../aws-credentials.ts';
import { DnsAuditLog } from '../dns-audit-log.ts';
import { recordSidesIssues } from '../record-sides.ts';
import { route53EntrySchema, type Route53Entry } from './route53-config.ts';
import { Route53DnsProvider } from './route53-provider.ts';

export const route53: DnsProviderPlugin<unknown, Route53Entry> = {
  type: 'route53',
  port: 'dns',
  entrySchema: route53EntrySchema,
  checkTarget(target: DnsRecordTarget, _config: unknown, entry: Route53Entry): ProviderIssue[] {
    return recordSidesIssues(target, entry.zone, 'route53 provider');
  },
  create(_config, deps, entry) {
    const name = deps.name ?? 'route53';
    const base = `${deps.prefix}:dns-provider:${name}:`;
    const credentials = awsCredentials(entry.credentials);
    const client = new Route53Client({
      region: entry.region,
      ...(credentials && { credentials }),
      ...(entry.endpoint !== undefined && { endpoint: entry.endpoint }),
    });
    const provider = new Route53DnsProvider({
      name,
      client,
      hostedZoneId: entry.hostedZoneId,
      zone: entry.zone,
      insyncWithinMs: entry.insyncWithinSeconds * 1000,
      pollMs: entry.pollSeconds * 1000,
      audit: new DnsAuditLog(deps.redis, { audit: `${base}audit`, recordAudit: (r) => `${base}audit:${r}` }),
      redis: deps.redis,
      sidesKey: `${base}sides`,
      log: deps.createLogger(`dns-provider:${name}`),
    });
    return Object.assign(provider, {
      close: async () => {
        client.destroy();
      },
    });
  },
};
