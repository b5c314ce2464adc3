/**
 * Config-time checks shared by the DNS providers that hold no zone config of their own (rfc2136, route53,
 * cloudflare): the record lies in the provider's zone, and the action names both sides' addresses.
 */
import { addressFamily, isRecordAddress } from '../core/dns-address.ts';
import { isInZone, normaliseDnsName } from '../core/dns-name.ts';
import type { DnsRecordTarget } from '../core/dns-provider.ts';
import type { ProviderIssue } from '../core/provider.ts';

/** `provider` names it in messages (`route53 provider r53`); `zone` undefined skips the zone check. */
export function recordSidesIssues(
  target: DnsRecordTarget,
  zone: string | undefined,
  provider: string,
): ProviderIssue[] {
  const issues: ProviderIssue[] = [];
  const record = normaliseDnsName(target.record);
  if (zone !== undefined && !isInZone(record, zone))
    issues.push({ path: 'record', message: `${record} is outside zone ${zone} of the ${provider}` });
  const type = target.type ?? 'A';
  for (const side of ['primary', 'secondary'] as const) {
    const values = target[side];
    if (!values?.length)
      issues.push({ path: side, message: `the ${provider} needs \`${side}\`: the address(es) of that side` });
    values?.forEach((a, i) => {
      if (!isRecordAddress(type, a))
        issues.push({ path: `${side}.${i}`, message: `"${a}" is not an ${addressFamily(type)} address` });
    });
  }
  const key = (v: readonly string[] | undefined) => [...(v ?? [])].sort().join(',');
  if (target.primary?.length && key(target.primary) === key(target.secondary))
    issues.push({ path: 'secondary', message: 'primary and secondary hold the same addresses: nothing to switch' });
  return issues;
}

/** The environment variable names `...Env` fields hold. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
