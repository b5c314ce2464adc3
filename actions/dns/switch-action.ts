/** Shared implementation of the dns-failover / dns-failback actions: point a failover record at one side. */
import { z } from 'zod';
import { ActionError, defineAction, isRetryable, type ActionPlugin } from '../../core/action.ts';
import { addressFamily, isRecordAddress } from '../../core/dns-address.ts';
import { isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import {
  DEFAULT_DNS_PROVIDER,
  type DnsProvider,
  type DnsRecordTarget,
  type DnsRecordType,
  type DnsSide,
} from '../../core/dns-provider.ts';
import { confirmServed } from './confirm-served.ts';

export interface DnsSwitchActionOptions {
  /**
   * Give up (retryable) when the provider has not answered within this long; default 10 s. A Redis client with
   * `maxRetriesPerRequest: null` would otherwise wait forever while Redis is down. A late switch is harmless: the
   * retry then finds it in place (noop).
   */
  timeoutMs?: number;
  /** How long to wait for the provider to serve the new side before reporting it unconfirmed; default 5 s. */
  confirmTimeoutMs?: number;
}

export interface DnsSwitchActionConfig<T extends string> {
  type: T;
  record: string;
  /** The DNS provider to switch through (a name in `dnsProviders`); default the built-in server. */
  provider?: string | undefined;
  /** For providers without zone config (rfc2136, …): the record type, each side's addresses, the TTL written. */
  recordType?: DnsRecordType | undefined;
  primary?: string[] | undefined;
  secondary?: string[] | undefined;
  ttl?: number | undefined;
}

const addresses = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((a) => a.trim().toLowerCase()));

/** The record as the provider is asked about it: the name, plus the values the action carries. */
export function dnsTarget(config: DnsSwitchActionConfig<string>): DnsRecordTarget {
  const { record, recordType, primary, secondary, ttl } = config;
  return {
    record,
    ...(recordType !== undefined && { type: recordType }),
    ...(primary !== undefined && { primary }),
    ...(secondary !== undefined && { secondary }),
    ...(ttl !== undefined && { ttl }),
  };
}

export function createDnsSwitchAction<T extends string>(
  type: T,
  side: DnsSide,
  options: DnsSwitchActionOptions = {},
): ActionPlugin<DnsSwitchActionConfig<T>> {
  const schema = z
    .strictObject({
      type: z.literal(type),
      record: z
        .string()
        .transform(normaliseDnsName)
        .refine(isValidDnsName, { error: 'expected a DNS record name such as www.example.com' }),
      provider: z.string().min(1).optional(),
      recordType: z
        .string()
        .transform((t) => t.toUpperCase())
        .pipe(z.enum(['A', 'AAAA']))
        .optional(),
      primary: addresses.optional(),
      secondary: addresses.optional(),
      ttl: z.number().int().min(0).max(2_147_483_647).optional(),
    })
    .superRefine((c, ctx) => {
      const recordType = c.recordType ?? 'A';
      for (const key of ['primary', 'secondary'] as const)
        c[key]?.forEach((a, i) => {
          if (!isRecordAddress(recordType, a))
            ctx.addIssue({
              code: 'custom',
              path: [key, i],
              message: `"${a}" is not an ${addressFamily(recordType)} address (recordType ${recordType})`,
            });
        });
    });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 5_000;

  return defineAction<DnsSwitchActionConfig<T>>({
    type,
    schema: schema as z.ZodType<DnsSwitchActionConfig<T>>,
    check: (config, { providers }) =>
      providers.checkTarget('dns', config.provider ?? DEFAULT_DNS_PROVIDER, dnsTarget(config)),
    // dns-failover and dns-failback on one record share the key, so they never run at the same time.
    target: (config) => `dns:${normaliseDnsName(config.record)}`,
    async execute(config, ctx, services) {
      const name = config.provider ?? DEFAULT_DNS_PROVIDER;
      const dns = services.providers.get('dns', name);
      if (!dns) throw new ActionError(`no DNS provider "${name}" is configured`, { retryable: false });
      const target = dnsTarget(config);
      const { record } = config;
      const values = (s: DnsSide): string => {
        const list = dns.values(target, s);
        return list?.length ? ` (${list.join(', ')})` : '';
      };

      if (ctx.dryRun) {
        const current = await call(() => dns.read(target), record, timeoutMs);
        if (current.side === side)
          return { status: 'noop', detail: `dry run: ${record} already serves ${side}${values(side)}` };
        return { status: 'noop', detail: `dry run: would switch ${record} to ${side}${values(side)}` };
      }

      const t = ctx.transition;
      const cause = { alarm: t.alarm, transitionId: t.id, reason: t.reason, action: ctx.actionName };
      const issuedAt = new Date().toISOString();
      const outcome = await call(() => dns.setSide(target, side, cause), record, timeoutMs);
      const confirmed = await confirm(dns, target, side, confirmTimeoutMs);
      const data = { issuedAt, ...confirmed.data };
      if (!outcome.changed)
        return {
          status: 'noop',
          detail: `${outcome.record} already serves ${side}${values(side)}${confirmed.note}`,
          data,
        };
      return {
        status: 'done',
        detail: `${outcome.record} now serves ${side}${values(side)}, was ${outcome.from}${values(outcome.from)}${confirmed.note}`,
        data,
      };
    },
  });
}

/** Confirmation facts for the audit, and a note for the detail when the switch is not (yet) served. */
async function confirm(
  dns: DnsProvider,
  target: DnsRecordTarget,
  side: DnsSide,
  timeoutMs: number,
): Promise<{ data: Record<string, string>; note: string }> {
  const c = await confirmServed(dns, target, side, timeoutMs);
  switch (c.result) {
    case 'served':
      return { data: { servedAt: c.at, servedBy: c.source }, note: '' };
    case 'unverifiable':
      return { data: {}, note: '' };
    case 'superseded':
      return { data: {}, note: `; switched again (to ${c.side ?? 'neither side'}) before it was served` };
    case 'not-served':
      return { data: {}, note: `; not yet served: ${c.reason}` };
  }
}

async function call<R>(fn: () => Promise<R>, record: string, timeoutMs: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (err) {
    if (!isRetryable(err)) throw new ActionError((err as Error).message, { retryable: false, cause: err });
    throw new ActionError(`switching ${record} failed: ${(err as Error).message}`, { retryable: true, cause: err });
  } finally {
    clearTimeout(timer);
  }
}
