/**
 * The Route 53 DNS provider: reads a record set with ListResourceRecordSets, switches it with
 * ChangeResourceRecordSets (UPSERT), then asks GetChange until the change is INSYNC (on all of Route 53's
 * servers) and records how long that took. The API is the truth; Redis keeps the audit and the side last set.
 *
 * UPSERT has no prerequisite: the record is read just before, and one holding neither side (a human's change)
 * is reported, never overwritten. A change landing between that read and the UPSERT is not detected.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type Route53Client,
} from '@aws-sdk/client-route-53';
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
import type { Logger } from '../../core/logger.ts';
import { ProviderError } from '../../core/provider.ts';
import { awsError } from '../aws-sdk-error.ts';
import { sideOf } from '../builtin-dns/served-answer.ts';
import type { DnsAuditLog } from '../dns-audit-log.ts';

export interface Route53ProviderOptions {
  /** The provider's name in `dnsProviders`, for messages. */
  name: string;
  client: Route53Client;
  hostedZoneId: string;
  /** The zone's name; asked of the API (GetHostedZone) when undefined. */
  zone: string | undefined;
  insyncWithinMs: number;
  pollMs: number;
  audit: DnsAuditLog;
  redis: Redis;
  /** Hash: record → the side last set through this provider. */
  sidesKey: string;
  log?: Logger;
  /** TTL written when the record does not exist yet and the action names none; default 60. */
  defaultTtl?: number;
  now?: () => Date;
}

interface Resolved {
  record: string;
  type: DnsRecordType;
  sides: Record<DnsSide, string[]> | undefined;
  ttl: number | undefined;
}

interface RecordSet {
  values: string[];
  ttl: number | undefined;
  /** True when the name holds a routing policy's sets or an alias, which a plain UPSERT must not replace. */
  special: string | undefined;
}

/** An audit entry with what Route 53 adds: the change and how long it took to be INSYNC. */
type Route53AuditEntry = DnsAuditEntry & { changeId?: string; insyncSeconds?: number };

const stop = (message: string) => new ProviderError(message, { retryable: false });
const list = (values: readonly string[]) => (values.length ? values.join(', ') : 'nothing');

export class Route53DnsProvider implements DnsProvider {
  readonly type = 'route53';
  private zone: string | undefined;
  private readonly where: string;

  constructor(private readonly o: Route53ProviderOptions) {
    this.zone = o.zone;
    this.where = `Route 53 hosted zone ${o.hostedZoneId} (dnsProviders.${o.name})`;
  }

  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined {
    const record = normaliseDnsName(target.record);
    if (!isValidDnsName(record) || (this.zone !== undefined && !isInZone(record, this.zone))) return undefined;
    return target[side]?.map(canonicalAddress);
  }

  async read(target: DnsRecordTarget): Promise<DnsRecordReading> {
    const t = await this.resolve(target);
    const set = await this.recordSet(t);
    const side = sideOf(set.values, t.sides);
    return { record: t.record, side, values: side && t.sides ? t.sides[side] : set.values };
  }

  async served(target: DnsRecordTarget): Promise<DnsServedAnswer> {
    const t = await this.resolve(target);
    const set = await this.recordSet(t);
    return { record: t.record, side: sideOf(set.values, t.sides), values: set.values, source: 'route53 API' };
  }

  async setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const t = await this.resolve(target);
    const sides = t.sides;
    if (!sides)
      throw stop(`${t.record}: the route53 provider ${this.o.name} needs the primary and secondary addresses`);
    const before = await this.recordSet(t);
    if (before.special)
      throw stop(
        `${t.record} in ${this.where} is ${before.special}: a plain failover record is expected, left as it is`,
      );
    const held = sideOf(before.values, sides);
    if (held === side) return this.audited({ record: t.record, from: side, to: side, cause });
    if (held === undefined) throw this.conflict(t, sides, before.values, side);

    const ttl = t.ttl ?? before.ttl ?? this.o.defaultTtl ?? 60;
    const what = `UPSERT ${t.type} ${t.record} in ${this.where}`;
    const submitted = Date.now();
    const res = await this.o.client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: this.o.hostedZoneId,
          ChangeBatch: {
            Comment: `canarykit ${cause.action}: ${cause.alarm} (${cause.transitionId})`.slice(0, 256),
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: `${t.record}.`,
                  Type: t.type,
                  TTL: ttl,
                  ResourceRecords: sides[side].map((Value) => ({ Value })),
                },
              },
            ],
          },
        }),
      )
      .catch((err: unknown) => {
        throw awsError(what, err);
      });
    const changeId = res.ChangeInfo?.Id ?? '';
    const insyncMs = await this.awaitInsync(changeId, res.ChangeInfo?.Status, submitted, t.record);
    const insyncSeconds = Math.round(insyncMs / 100) / 10;
    this.o.log?.info({ record: t.record, to: side, changeId, insyncSeconds }, 'route53 change INSYNC');
    return this.audited({ record: t.record, from: held, to: side, cause, changeId, insyncSeconds });
  }

  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]> {
    return this.o.audit.list(record === undefined ? undefined : normaliseDnsName(record), limit);
  }

  /** Polls GetChange until INSYNC; the milliseconds since submission. Still PENDING at the deadline: retryable. */
  private async awaitInsync(
    id: string,
    status: string | undefined,
    submitted: number,
    record: string,
  ): Promise<number> {
    const deadline = submitted + this.o.insyncWithinMs;
    let current = status;
    while (current !== 'INSYNC') {
      if (Date.now() >= deadline)
        throw new ProviderError(
          `${record}: change ${id} was submitted to ${this.where} but is still ${current ?? 'PENDING'} after ` +
            `${Math.round(this.o.insyncWithinMs / 1000)} s; a retry confirms it`,
          { retryable: true },
        );
      await new Promise((r) => setTimeout(r, Math.min(this.o.pollMs, Math.max(0, deadline - Date.now()))));
      const res = await this.o.client.send(new GetChangeCommand({ Id: id })).catch((err: unknown) => {
        throw awsError(`GetChange ${id}`, err);
      });
      current = res.ChangeInfo?.Status;
    }
    return Date.now() - submitted;
  }

  private async resolve(target: DnsRecordTarget): Promise<Resolved> {
    const record = normaliseDnsName(String(target.record));
    if (!isValidDnsName(record)) throw stop(`invalid DNS record name: ${JSON.stringify(target.record)}`);
    const zone = await this.zoneName();
    if (!isInZone(record, zone)) throw stop(`${record} is outside zone ${zone} of the route53 provider ${this.o.name}`);
    const primary = target.primary?.map(canonicalAddress);
    const secondary = target.secondary?.map(canonicalAddress);
    const sides = primary?.length && secondary?.length ? { primary, secondary } : undefined;
    return { record, type: target.type ?? 'A', sides, ttl: target.ttl };
  }

  private async zoneName(): Promise<string> {
    if (this.zone !== undefined) return this.zone;
    const res = await this.o.client
      .send(new GetHostedZoneCommand({ Id: this.o.hostedZoneId }))
      .catch((err: unknown) => {
        throw awsError(`GetHostedZone ${this.o.hostedZoneId}`, err);
      });
    const name = res.HostedZone?.Name;
    if (!name) throw new ProviderError(`${this.where}: GetHostedZone returned no zone name`, { retryable: true });
    this.zone = normaliseDnsName(name);
    return this.zone;
  }

  /** The record set of the record's name and type, as ListResourceRecordSets lists it (from that name on). */
  private async recordSet(t: Resolved): Promise<RecordSet> {
    const res = await this.o.client
      .send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: this.o.hostedZoneId,
          StartRecordName: t.record,
          StartRecordType: t.type,
          MaxItems: 10,
        }),
      )
      .catch((err: unknown) => {
        throw awsError(`ListResourceRecordSets ${t.record} in ${this.where}`, err);
      });
    const sets = (res.ResourceRecordSets ?? []).filter(
      (s) => normaliseDnsName(unescapeName(s.Name ?? '')) === t.record && s.Type === t.type,
    );
    const first = sets[0];
    if (!first) return { values: [], ttl: undefined, special: undefined };
    const special = first.AliasTarget
      ? `an alias to ${first.AliasTarget.DNSName ?? '?'}`
      : first.SetIdentifier !== undefined
        ? `a routing policy's record set (${first.SetIdentifier})`
        : undefined;
    const values = (first.ResourceRecords ?? []).flatMap((r) => (r.Value ? [canonicalAddress(r.Value)] : []));
    return { values, ttl: first.TTL, special };
  }

  /** The record holds neither side (a human changed it): reported, never overwritten. */
  private conflict(t: Resolved, sides: Record<DnsSide, string[]>, found: string[], side: DnsSide): ProviderError {
    return stop(
      `${t.record} was not switched to ${side}: ${this.where} holds ${t.type} ${list(found)}, which is neither ` +
        `primary (${list(sides.primary)}) nor secondary (${list(sides.secondary)}); someone changed it outside ` +
        `canarykit, and it is left as it is`,
    );
  }

  private async audited(e: {
    record: string;
    from: DnsSide;
    to: DnsSide;
    cause: DnsSwitchCause;
    changeId?: string;
    insyncSeconds?: number;
  }): Promise<DnsSwitchOutcome> {
    const changed = e.from !== e.to;
    const entry: Route53AuditEntry = {
      time: (this.o.now?.() ?? new Date()).toISOString(),
      record: e.record,
      from: e.from,
      to: e.to,
      changed,
      alarm: e.cause.alarm,
      transitionId: e.cause.transitionId,
      reason: e.cause.reason,
      action: e.cause.action,
      ...(e.changeId !== undefined && { changeId: e.changeId }),
      ...(e.insyncSeconds !== undefined && { insyncSeconds: e.insyncSeconds }),
    };
    await this.o.audit.append(entry, (tx) => tx.hset(this.o.sidesKey, e.record, e.to));
    return { record: e.record, changed, from: e.from, to: e.to };
  }
}

/** Route 53 lists names with octal escapes (`\052` for `*`); the names we manage are plain, so only those. */
function unescapeName(name: string): string {
  return name.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}
