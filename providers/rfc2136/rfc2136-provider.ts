/**
 * The RFC 2136 DNS provider: switches a record on the zone's primary server with a TSIG-signed, prerequisite-
 * checked dynamic UPDATE, and reads what the server serves with a plain query. The server is the truth; Redis keeps
 * the audit and the side last set.
 */
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
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
import { describeServer, exchange, type DnsServerAddress } from './dns-exchange.ts';
import { signRequest, verifyResponse, type TsigKey } from './tsig.ts';
import { switchUpdate, UPDATE_RCODES } from './update-message.ts';

export interface Rfc2136ProviderOptions {
  /** The provider's name in `dnsProviders`, for messages. */
  name: string;
  server: DnsServerAddress;
  zone: string;
  /** Without one, updates go unsigned (a server allowing that by address only). */
  tsig?: { name: string; algorithm: TsigKey['algorithm']; secretEnv: string; secret: Buffer | undefined };
  timeoutMs: number;
  audit: DnsAuditLog;
  redis: Redis;
  /** Hash: record → the side last set through this provider. */
  sidesKey: string;
  /** TTL written when the record has none to keep (it did not exist); default 60. */
  defaultTtl?: number;
  now?: () => Date;
}

interface Resolved {
  record: string;
  type: DnsRecordType;
  sides: Record<DnsSide, string[]> | undefined;
  ttl: number | undefined;
}

interface Served {
  values: string[];
  ttl: number | undefined;
  transport: 'udp' | 'tcp';
}

const stop = (message: string) => new ProviderError(message, { retryable: false });
const list = (values: readonly string[]) => (values.length ? values.join(', ') : 'nothing');

export class Rfc2136DnsProvider implements DnsProvider {
  readonly type = 'rfc2136';
  private readonly where: string;

  constructor(private readonly o: Rfc2136ProviderOptions) {
    this.where = `${describeServer(o.server)} (dnsProviders.${o.name})`;
  }

  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined {
    const record = normaliseDnsName(target.record);
    if (!isValidDnsName(record) || !isInZone(record, this.o.zone)) return undefined;
    return target[side]?.map(canonicalAddress);
  }

  async read(target: DnsRecordTarget): Promise<DnsRecordReading> {
    const t = this.resolve(target);
    const served = await this.query(t);
    const side = sideOf(served.values, t.sides);
    return { record: t.record, side, values: side && t.sides ? t.sides[side] : served.values };
  }

  async served(target: DnsRecordTarget): Promise<DnsServedAnswer> {
    const t = this.resolve(target);
    const served = await this.query(t);
    const source = `${served.transport} ${describeServer(this.o.server)}`;
    return { record: t.record, side: sideOf(served.values, t.sides), values: served.values, source };
  }

  async setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const t = this.resolve(target);
    const sides = t.sides;
    if (!sides)
      throw stop(`${t.record}: the rfc2136 provider ${this.o.name} needs the primary and secondary addresses`);
    const before = await this.query(t);
    const held = sideOf(before.values, sides);
    if (held === side) return this.audited(t.record, side, side, cause);
    if (held === undefined) throw this.conflict(t, sides, before.values, side);
    const rcode = await this.update(t, sides[held], sides[side], t.ttl ?? before.ttl ?? this.o.defaultTtl ?? 60);
    if (rcode === 'NOERROR') return this.audited(t.record, held, side, cause);
    if (rcode === 'NXRRSET') {
      // The prerequisite failed: the RRset changed between our query and the update. Never overwrite; look again.
      const now = await this.query(t);
      if (sideOf(now.values, sides) === side) return this.audited(t.record, side, side, cause);
      throw this.conflict(t, sides, now.values, side);
    }
    throw this.refusal(t.record, rcode);
  }

  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]> {
    return this.o.audit.list(record === undefined ? undefined : normaliseDnsName(record), limit);
  }

  private resolve(target: DnsRecordTarget): Resolved {
    const record = normaliseDnsName(String(target.record));
    if (!isValidDnsName(record)) throw stop(`invalid DNS record name: ${JSON.stringify(target.record)}`);
    if (!isInZone(record, this.o.zone))
      throw stop(`${record} is outside zone ${this.o.zone} of the rfc2136 provider ${this.o.name}`);
    const primary = target.primary?.map(canonicalAddress);
    const secondary = target.secondary?.map(canonicalAddress);
    const sides = primary?.length && secondary?.length ? { primary, secondary } : undefined;
    return { record, type: target.type ?? 'A', sides, ttl: target.ttl };
  }

  /** A plain (unsigned, non-recursive) query to the primary: what it serves now. */
  private async query(t: Resolved): Promise<Served> {
    const id = randomInt(0, 65_536);
    const request = dnsPacket.encode({ type: 'query', id, flags: 0, questions: [{ type: t.type, name: t.record }] });
    const { response, transport } = await exchange(this.o.server, request, this.o.timeoutMs);
    let answer: dnsPacket.DecodedPacket;
    try {
      answer = dnsPacket.decode(response);
    } catch (err) {
      throw new ProviderError(`${this.where} sent a malformed answer for ${t.record}`, { retryable: true, cause: err });
    }
    const code = response.readUInt16BE(2) & 0xf;
    const rcode = UPDATE_RCODES[code] ?? `RCODE ${code}`;
    if (rcode === 'NXDOMAIN') return { values: [], ttl: undefined, transport };
    if (rcode !== 'NOERROR')
      throw new ProviderError(`${this.where} answered ${rcode} to ${t.type} ${t.record}`, {
        retryable: rcode === 'SERVFAIL',
      });
    if (!answer.flag_aa)
      throw stop(
        `${this.where} is not authoritative for ${t.record}: point \`server\` at the primary of ${this.o.zone}`,
      );
    const rrs = (answer.answers ?? []).flatMap((a) =>
      (a.type === 'A' || a.type === 'AAAA') && a.type === t.type && normaliseDnsName(a.name) === t.record ? [a] : [],
    );
    const values = rrs.map((a) => canonicalAddress(a.data));
    const ttls = rrs.map((a) => a.ttl ?? 0);
    return { values, ttl: ttls.length ? Math.min(...ttls) : undefined, transport };
  }

  /** Sends the prerequisite-checked UPDATE; its RCODE (TSIG failures throw). */
  private async update(t: Resolved, expected: string[], values: string[], ttl: number): Promise<string> {
    const zone = this.o.zone;
    let request = switchUpdate({
      id: randomInt(0, 65_536),
      zone,
      record: t.record,
      type: t.type,
      expected,
      values,
      ttl,
    });
    let key: TsigKey | undefined;
    let requestMac: Buffer | undefined;
    if (this.o.tsig) {
      const { name, algorithm, secret, secretEnv } = this.o.tsig;
      if (!secret?.length) throw stop(`TSIG key "${name}": environment variable ${secretEnv} is not set`);
      key = { name, algorithm, secret };
      ({ message: request, mac: requestMac } = signRequest(request, key, (this.o.now?.() ?? new Date()).getTime()));
    }
    const { response } = await exchange(this.o.server, request, this.o.timeoutMs);
    const code = response.readUInt16BE(2) & 0xf;
    const rcode = UPDATE_RCODES[code] ?? `RCODE ${code}`;
    if (!key || !requestMac) return rcode;
    let check: ReturnType<typeof verifyResponse>;
    try {
      check = verifyResponse(response, key, requestMac);
    } catch {
      check = { result: 'invalid', reason: 'its TSIG record is malformed' };
    }
    if (check.result === 'refused')
      throw stop(
        `${this.where} refused the update of ${t.record}: ${rcode}, TSIG ${check.error}: ${this.tsigHint(check.error)}`,
      );
    if (check.result === 'invalid')
      throw stop(`${this.where} answered the update of ${t.record} with ${rcode}, but ${check.reason}: not trusted`);
    if (check.result === 'unsigned' && rcode === 'NOERROR')
      throw stop(`${this.where} answered the update of ${t.record} with NOERROR but did not sign it: not trusted`);
    return rcode;
  }

  private tsigHint(error: string): string {
    const t = this.o.tsig;
    if (!t) return '';
    if (error === 'BADSIG') return `the secret in ${t.secretEnv} is not the server's secret of key "${t.name}"`;
    if (error === 'BADKEY') return `the server knows no key "${t.name}" with algorithm ${t.algorithm}`;
    if (error === 'BADTIME') return `this machine's clock and the server's differ by more than the fudge`;
    return 'check the key';
  }

  private refusal(record: string, rcode: string): ProviderError {
    const why: Record<string, string> = {
      NOTAUTH: `the server is not authoritative for ${this.o.zone}, or refused our TSIG signature`,
      REFUSED: `its allow-update / update-policy does not let ${this.o.tsig ? `key "${this.o.tsig.name}"` : 'this client'} change ${record}`,
      NOTZONE: `${record} is not in zone ${this.o.zone} there`,
    };
    return new ProviderError(
      `${this.where} refused the update of ${record}: ${rcode}${why[rcode] ? ` (${why[rcode]})` : ''}`,
      {
        retryable: rcode === 'SERVFAIL',
      },
    );
  }

  /** The record holds neither side (a human changed it): reported, never overwritten. */
  private conflict(t: Resolved, sides: Record<DnsSide, string[]>, found: string[], side: DnsSide): ProviderError {
    return stop(
      `${t.record} was not switched to ${side}: ${this.where} serves ${t.type} ${list(found)}, which is neither ` +
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
