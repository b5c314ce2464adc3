/** Redis layout of the DNS failover state, shared by the store (writer) and the side cache (reader). */
import type { Redis } from 'ioredis';
import type { DnsSide } from '../../core/dns-provider.ts';

export interface DnsRedisKeys {
  /** Hash: record name → side. Absent record = primary. */
  sides: string;
  /** Counter bumped by every real switch; orders snapshots against change notifications. */
  version: string;
  /** Capped list (newest first) of audit entries for all records. */
  audit: string;
  /** Capped list (newest first) of audit entries for one record. */
  recordAudit(record: string): string;
  /** Pub/sub channel carrying a DnsChangeMessage after each real switch. */
  channel: string;
}

export function dnsKeys(prefix: string): DnsRedisKeys {
  return {
    sides: `${prefix}dns:sides`,
    version: `${prefix}dns:version`,
    audit: `${prefix}dns:audit`,
    recordAudit: (record) => `${prefix}dns:audit:${record}`,
    channel: `${prefix}dns:changes`,
  };
}

export interface DnsChangeMessage {
  record: string;
  from: DnsSide;
  to: DnsSide;
  version: number;
}

export function isDnsSide(v: unknown): v is DnsSide {
  return v === 'primary' || v === 'secondary';
}

export function parseChangeMessage(raw: string): DnsChangeMessage | undefined {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>;
    if (typeof m.record === 'string' && isDnsSide(m.from) && isDnsSide(m.to) && typeof m.version === 'number') {
      return { record: m.record, from: m.from, to: m.to, version: m.version };
    }
  } catch {
    // not ours
  }
  return undefined;
}

export interface DnsSidesSnapshot {
  version: number;
  /** Only records that were ever switched; others serve primary. */
  sides: Map<string, DnsSide>;
}

/** Reads all stored sides and the version they correspond to, atomically (MULTI). */
export async function readSidesSnapshot(redis: Redis, keys: DnsRedisKeys): Promise<DnsSidesSnapshot> {
  const res = await redis.multi().hgetall(keys.sides).get(keys.version).exec();
  if (!res) throw new Error('dns state snapshot: transaction aborted');
  const [[hashErr, hash], [versionErr, version]] = res as [[Error | null, unknown], [Error | null, unknown]];
  if (hashErr) throw hashErr;
  if (versionErr) throw versionErr;
  const sides = new Map<string, DnsSide>();
  for (const [record, side] of Object.entries((hash ?? {}) as Record<string, string>)) {
    if (isDnsSide(side)) sides.set(record, side);
  }
  return { version: Number(version ?? 0) || 0, sides };
}
