/** The built-in provider's state in Redis: which side each failover record serves, switched atomically and audited. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DnsAuditEntry, DnsSide, DnsSwitchCause, DnsSwitchOutcome } from '../../core/dns-provider.ts';
import { ProviderError } from '../../core/provider.ts';
import { isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import { DnsAuditLog } from '../dns-audit-log.ts';
import { dnsKeys, isDnsSide, readSidesSnapshot, type DnsRedisKeys } from './redis-schema.ts';
import { failoverTargets, type DnsZoneConfig } from './zone-config.ts';

export interface DnsRecordStateStoreOptions {
  /** Entries kept in each audit list (global and per record); default 1000. */
  auditLimit?: number;
  /** Known failover record names: others are rejected, and `sides()` lists them all (default primary). */
  records?: Iterable<string>;
  /** The `dns.zones` config: its failover records become known records, and `values()` can describe sides. */
  zones?: readonly DnsZoneConfig[];
  now?: () => Date;
}

/** The record name is malformed or not a configured failover record; retrying will not help. */
export class InvalidDnsRecordError extends ProviderError {
  constructor(message: string) {
    super(message, { retryable: false });
    this.name = 'InvalidDnsRecordError';
  }
}

// KEYS: sides, version, audit, recordAudit. ARGV: record, to, entry JSON (without from/changed), auditLimit, channel,
// mode ('set', or 'restore': only when the record holds no entry, else nothing at all).
// Read, compare, write, audit and publish in one script, so concurrent callers serialise and exactly one sees a change.
// An unchanged write still leaves an entry, so a side written after Redis lost its state is told from a lost one.
const SET_SIDE_LUA = `
local record, to, limit = ARGV[1], ARGV[2], tonumber(ARGV[4])
local stored = redis.call('HGET', KEYS[1], record)
if ARGV[6] == 'restore' and stored then
  return { stored, 0, tonumber(redis.call('GET', KEYS[2]) or '0'), 0 }
end
local from = stored
if not from then from = 'primary' end
local changed = from ~= to
local version
if changed then
  redis.call('HSET', KEYS[1], record, to)
  version = redis.call('INCR', KEYS[2])
else
  if not stored then redis.call('HSET', KEYS[1], record, to) end
  version = tonumber(redis.call('GET', KEYS[2]) or '0')
end
local entry = cjson.decode(ARGV[3])
entry['from'] = from
entry['changed'] = changed
local json = cjson.encode(entry)
for i = 3, 4 do
  redis.call('LPUSH', KEYS[i], json)
  redis.call('LTRIM', KEYS[i], 0, limit - 1)
end
if changed then
  redis.call('PUBLISH', ARGV[5], cjson.encode({ record = record, from = from, to = to, version = version }))
end
return { from, changed and 1 or 0, version, 1 }
`;
const SET_SIDE_SHA = createHash('sha1').update(SET_SIDE_LUA).digest('hex');

export class DnsRecordStateStore {
  readonly keys: DnsRedisKeys;
  private readonly auditLimit: number;
  private readonly known: Set<string> | undefined;
  private readonly targets: ReturnType<typeof failoverTargets>;
  private readonly now: () => Date;
  private readonly auditLog: DnsAuditLog;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: DnsRecordStateStoreOptions = {},
  ) {
    this.keys = dnsKeys(prefix);
    this.auditLimit = Math.max(1, Math.floor(options.auditLimit ?? 1000));
    this.targets = failoverTargets(options.zones ?? []);
    const known = [...(options.records ?? []), ...this.targets.keys()].map(normaliseDnsName);
    this.known = options.records || options.zones ? new Set(known) : undefined;
    this.now = options.now ?? (() => new Date());
    this.auditLog = new DnsAuditLog(redis, this.keys, this.auditLimit);
  }

  /** Pub/sub channel announcing changes (`${prefix}dns:changes`). */
  get channel(): string {
    return this.keys.channel;
  }

  async setSide(record: string, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    return (await this.write(record, side, cause, 'set')).outcome;
  }

  /**
   * Writes a side back after Redis lost the state: only when the record holds no entry at all (anything written
   * since the loss, by an action or another process's restore, stands). `restored` says whether it wrote.
   */
  async restoreSide(record: string, side: DnsSide, cause: DnsSwitchCause): Promise<{ restored: boolean }> {
    return { restored: (await this.write(record, side, cause, 'restore')).written };
  }

  private async write(
    record: string,
    side: DnsSide,
    cause: DnsSwitchCause,
    mode: 'set' | 'restore',
  ): Promise<{ outcome: DnsSwitchOutcome; written: boolean }> {
    const name = this.checkRecord(record);
    if (!isDnsSide(side)) throw new TypeError(`invalid DNS side: ${String(side)}`);
    const entry = {
      time: this.now().toISOString(),
      record: name,
      to: side,
      alarm: cause.alarm,
      transitionId: cause.transitionId,
      reason: cause.reason,
      action: cause.action,
    };
    const k = this.keys;
    const keys = [k.sides, k.version, k.audit, k.recordAudit(name)];
    const args = [name, side, JSON.stringify(entry), String(this.auditLimit), k.channel, mode];
    const res = await this.runScript(keys, args);
    const [from, changed, , written] = Array.isArray(res) ? res : [];
    if (!isDnsSide(from)) throw new Error(`dns setSide: unexpected script reply ${JSON.stringify(res)}`);
    return { outcome: { record: name, changed: changed === 1, from, to: side }, written: written === 1 };
  }

  async getSide(record: string): Promise<DnsSide> {
    const side = await this.redis.hget(this.keys.sides, this.checkRecord(record));
    return side === 'secondary' ? 'secondary' : 'primary';
  }

  /** The addresses a record serves on `side`, when the store was given the zones. */
  values(record: string, side: DnsSide): string[] | undefined {
    return this.targets.get(normaliseDnsName(record))?.[side];
  }

  /** Side of every switched record, plus every known record (primary unless switched). */
  async sides(): Promise<Record<string, DnsSide>> {
    const { sides } = await readSidesSnapshot(this.redis, this.keys);
    const out: Record<string, DnsSide> = {};
    for (const r of this.known ?? []) out[r] = 'primary';
    for (const [r, side] of sides) out[r] = side;
    return out;
  }

  /** Audit entries, newest first; of one record when given. */
  audit(record?: string, limit = 50): Promise<DnsAuditEntry[]> {
    return this.auditLog.list(record === undefined ? undefined : this.checkRecord(record, false), limit);
  }

  private checkRecord(record: string, mustBeKnown = true): string {
    const name = normaliseDnsName(String(record));
    if (!isValidDnsName(name)) throw new InvalidDnsRecordError(`invalid DNS record name: ${JSON.stringify(record)}`);
    if (mustBeKnown && this.known && !this.known.has(name)) {
      throw new InvalidDnsRecordError(`${name} is not a configured failover record`);
    }
    return name;
  }

  private async runScript(keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(SET_SIDE_SHA, keys.length, ...keys, ...args);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(SET_SIDE_LUA, keys.length, ...keys, ...args);
    }
  }
}
