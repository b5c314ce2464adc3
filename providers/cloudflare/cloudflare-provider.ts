/**
 * The Cloudflare DNS provider: a failover record is the zone's records of one name and type (one per address);
 * a switch rewrites them in one atomic batch (patching the records there are, posting or deleting the
 * difference), keeping their proxy setting. The API is the truth, and answers at once (no propagation to wait
 * for); Redis keeps the audit and the side last set.
 *
 * A record holding neither side (a human's change) is reported, never overwritten. A change landing between the
 * read and the batch is not detected.
 */
import type { Redis } from 'ioredis';
import { canonicalAddress } from '../../core/dns-address.ts';
import { isInZone, isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import type {
  DnsAuditEntry,
  DnsProvider,
  DnsRecordReading,
  DnsRecordTarget,
  DnsRecordType,
  DnsServedAnswer,
  DnsSide,
  DnsSwitchCause,
  DnsSwitchOutcome,
} from '../../core/dns-provider.ts';
import { ProviderError } from '../../core/provider.ts';
import { sideOf } from '../builtin-dns/served-answer.ts';
import type { DnsAuditLog } from '../dns-audit-log.ts';
import type { CloudflareApi, CloudflareRecord, RecordBatch } from './cloudflare-api.ts';

export interface CloudflareProviderOptions {
  name: string;
  api: CloudflareApi;
  zoneId: string;
  zone: string | undefined;
  audit: DnsAuditLog;
  redis: Redis;
  sidesKey: string;
  /** TTL written when the action names none and no record exists (1: Cloudflare's "automatic"). */
  defaultTtl?: number;
  now?: () => Date;
}

interface Resolved {
  record: string;
  type: DnsRecordType;
  sides: Record<DnsSide, string[]> | undefined;
  ttl: number | undefined;
}

const stop = (message: string) => new ProviderError(message, { retryable: false });
const list = (values: readonly string[]) => (values.length ? values.join(', ') : 'nothing');

export class CloudflareDnsProvider implements DnsProvider {
  readonly type = 'cloudflare';
  private zone: string | undefined;
  private readonly where: string;

  constructor(private readonly o: CloudflareProviderOptions) {
    this.zone = o.zone;
    this.where = `Cloudflare zone ${o.zoneId} (dnsProviders.${o.name})`;
  }

  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined {
    const record = normaliseDnsName(target.record);
    if (!isValidDnsName(record) || (this.zone !== undefined && !isInZone(record, this.zone))) return undefined;
    return target[side]?.map(canonicalAddress);
  }

  async read(target: DnsRecordTarget): Promise<DnsRecordReading> {
    const t = await this.resolve(target);
    const values = valuesOf(await this.o.api.records(t.record, t.type));
    const side = sideOf(values, t.sides);
    return { record: t.record, side, values: side && t.sides ? t.sides[side] : values };
  }

  async served(target: DnsRecordTarget): Promise<DnsServedAnswer> {
    const t = await this.resolve(target);
    const values = valuesOf(await this.o.api.records(t.record, t.type));
    return { record: t.record, side: sideOf(values, t.sides), values, source: 'cloudflare API' };
  }

  async setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const t = await this.resolve(target);
    const sides = t.sides;
    if (!sides)
      throw stop(`${t.record}: the cloudflare provider ${this.o.name} needs the primary and secondary addresses`);
    const before = await this.o.api.records(t.record, t.type);
    const held = sideOf(valuesOf(before), sides);
    if (held === side) return this.audited(t.record, side, side, cause);
    if (held === undefined) throw this.conflict(t, sides, valuesOf(before), side);
    await this.o.api.batch(
      plan(t, before, sides[side], this.o.defaultTtl ?? 1),
      `switching ${t.type} ${t.record} in ${this.where}`,
    );
    return this.audited(t.record, held, side, cause);
  }

  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]> {
    return this.o.audit.list(record === undefined ? undefined : normaliseDnsName(record), limit);
  }

  private async resolve(target: DnsRecordTarget): Promise<Resolved> {
    const record = normaliseDnsName(String(target.record));
    if (!isValidDnsName(record)) throw stop(`invalid DNS record name: ${JSON.stringify(target.record)}`);
    this.zone ??= normaliseDnsName(await this.o.api.zoneName());
    if (!isInZone(record, this.zone))
      throw stop(`${record} is outside zone ${this.zone} of the cloudflare provider ${this.o.name}`);
    const primary = target.primary?.map(canonicalAddress);
    const secondary = target.secondary?.map(canonicalAddress);
    const sides = primary?.length && secondary?.length ? { primary, secondary } : undefined;
    return { record, type: target.type ?? 'A', sides, ttl: target.ttl };
  }

  private conflict(t: Resolved, sides: Record<DnsSide, string[]>, found: string[], side: DnsSide): ProviderError {
    return stop(
      `${t.record} was not switched to ${side}: ${this.where} holds ${t.type} ${list(found)}, which is neither ` +
        `primary (${list(sides.primary)}) nor secondary (${list(sides.secondary)}); someone changed it outside ` +
        `canarykit, and it is left as it is`,
    );
  }

  private async audited(record: string, from: DnsSide, to: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const changed = from !== to;
    const entry: DnsAuditEntry = {
      time: (this.o.now?.() ?? new Date()).toISOString(),
      record,
      from,
      to,
      changed,
      alarm: cause.alarm,
      transitionId: cause.transitionId,
      reason: cause.reason,
      action: cause.action,
    };
    await this.o.audit.append(entry, (tx) => tx.hset(this.o.sidesKey, record, to));
    return { record, changed, from, to };
  }
}

function valuesOf(records: readonly CloudflareRecord[]): string[] {
  return records.map((r) => canonicalAddress(r.content));
}

/** The batch turning `before` into one record per value of `values`: records kept in place are patched. */
function plan(
  t: Resolved,
  before: readonly CloudflareRecord[],
  values: readonly string[],
  defaultTtl: number,
): RecordBatch {
  const ttl = t.ttl ?? before[0]?.ttl ?? defaultTtl;
  const proxied = before[0]?.proxied;
  const keep = before.slice(0, values.length);
  return {
    deletes: before.slice(values.length).map(({ id }) => ({ id })),
    patches: keep.map((r, i) => ({ id: r.id, content: values[i] ?? '', ttl })),
    posts: values.slice(keep.length).map((content) => ({
      name: t.record,
      type: t.type,
      content,
      ttl,
      ...(proxied !== undefined && { proxied }),
    })),
  };
}
