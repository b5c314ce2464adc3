/** Shared implementation of the dns-failover / dns-failback actions: point a failover record at one side. */
import { z } from 'zod';
import { ActionError, defineAction, type ActionPlugin, type DnsControl, type DnsSide } from '../../core/action.ts';
import { isValidDnsName, normaliseDnsName } from './names.ts';
import { InvalidDnsRecordError } from './record-state-store.ts';
import { failoverTargets, type DnsZoneConfig } from './zone-config.ts';

export interface DnsSwitchActionOptions {
  /**
   * The `dns.zones` config: enables values in details and rejects records that are not failover records.
   * Without it, values come from the DnsControl when it has `values(record, side)` (DnsRecordStateStore built with `zones`).
   */
  zones?: readonly DnsZoneConfig[];
  /**
   * Give up (retryable) when the DnsControl has not answered within this long; default 10 s. A Redis client with
   * `maxRetriesPerRequest: null` would otherwise wait forever while Redis is down. A late switch is harmless: the
   * retry then finds it in place (noop).
   */
  timeoutMs?: number;
}

export interface DnsSwitchActionConfig<T extends string> {
  type: T;
  record: string;
}

/** Optional extras a DnsControl may offer (DnsRecordStateStore does): reading the side, describing the values. */
type SideReader = DnsControl & { getSide(record: string): Promise<DnsSide> };
type ValueSource = DnsControl & { values(record: string, side: DnsSide): readonly string[] | undefined };

function canRead(dns: DnsControl): dns is SideReader {
  return typeof (dns as Partial<SideReader>).getSide === 'function';
}

function canDescribe(dns: DnsControl): dns is ValueSource {
  return typeof (dns as Partial<ValueSource>).values === 'function';
}

export function createDnsSwitchAction<T extends string>(
  type: T,
  side: DnsSide,
  options: DnsSwitchActionOptions = {},
): ActionPlugin<DnsSwitchActionConfig<T>> {
  const schema = z.strictObject({
    type: z.literal(type),
    record: z
      .string()
      .transform(normaliseDnsName)
      .refine(isValidDnsName, { error: 'expected a DNS record name such as www.example.com' }),
  });
  const targets = options.zones ? failoverTargets(options.zones) : undefined;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return defineAction<DnsSwitchActionConfig<T>>({
    type,
    schema: schema as z.ZodType<DnsSwitchActionConfig<T>>,
    async execute(config, ctx, services) {
      const { record } = config;
      const target = targets?.get(record);
      if (targets && !target)
        throw new ActionError(`${record} is not a failover record in the dns config`, { retryable: false });
      const values = (s: DnsSide): string => {
        const list = target?.[s] ?? (canDescribe(services.dns) ? services.dns.values(record, s) : undefined);
        return list?.length ? ` (${list.join(', ')})` : '';
      };

      if (ctx.dryRun) {
        const current = canRead(services.dns)
          ? await call(() => (services.dns as SideReader).getSide(record), record, timeoutMs)
          : undefined;
        if (current === side)
          return { status: 'noop', detail: `dry run: ${record} already serves ${side}${values(side)}` };
        return { status: 'noop', detail: `dry run: would switch ${record} to ${side}${values(side)}` };
      }

      const t = ctx.transition;
      const cause = { alarm: t.alarm, transitionId: t.id, reason: t.reason, action: ctx.actionName };
      const outcome = await call(() => services.dns.setSide(record, side, cause), record, timeoutMs);
      if (!outcome.changed)
        return { status: 'noop', detail: `${outcome.record} already serves ${side}${values(side)}` };
      return {
        status: 'done',
        detail: `${outcome.record} now serves ${side}${values(side)}, was ${outcome.from}${values(outcome.from)}`,
      };
    },
  });
}

async function call<R>(fn: () => Promise<R>, record: string, timeoutMs: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (err) {
    if (err instanceof InvalidDnsRecordError) throw new ActionError(err.message, { retryable: false, cause: err });
    throw new ActionError(`switching ${record} failed: ${(err as Error).message}`, { retryable: true, cause: err });
  } finally {
    clearTimeout(timer);
  }
}
