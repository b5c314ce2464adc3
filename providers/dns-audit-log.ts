/**
 * A DNS provider's switch audit in Redis: capped lists, newest first, one of all records and one per record. The
 * built-in store writes the same lists from its switch script; providers whose truth is elsewhere (rfc2136, the
 * clouds) append here after each switch or no-op.
 */
import type { Redis } from 'ioredis';
import type { DnsAuditEntry } from '../core/dns-provider.ts';

export interface DnsAuditKeys {
  audit: string;
  recordAudit(record: string): string;
}

export class DnsAuditLog {
  private readonly limit: number;

  constructor(
    private readonly redis: Redis,
    readonly keys: DnsAuditKeys,
    /** Entries kept in each list; default 1000. */
    limit = 1000,
  ) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Appends `entry` to both lists; `also` adds commands to the same transaction (the provider's state). */
  async append(entry: DnsAuditEntry, also?: (tx: ReturnType<Redis['multi']>) => void): Promise<void> {
    const json = JSON.stringify(entry);
    const tx = this.redis.multi();
    for (const key of [this.keys.audit, this.keys.recordAudit(entry.record)]) {
      tx.lpush(key, json);
      tx.ltrim(key, 0, this.limit - 1);
    }
    also?.(tx);
    const res = await tx.exec();
    const failed = res?.find(([err]) => err);
    if (!res || failed) throw failed?.[0] ?? new Error('dns audit: transaction aborted');
  }

  /** Entries newest first; of one (normalised) record when given. */
  async list(record?: string, limit = 50): Promise<DnsAuditEntry[]> {
    const n = Math.max(0, Math.floor(limit));
    if (n === 0) return [];
    const key = record === undefined ? this.keys.audit : this.keys.recordAudit(record);
    const raw = await this.redis.lrange(key, 0, n - 1);
    return raw.flatMap((s) => {
      try {
        return [JSON.parse(s) as DnsAuditEntry];
      } catch {
        return [];
      }
    });
  }
}
