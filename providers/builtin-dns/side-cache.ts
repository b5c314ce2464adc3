/** In-memory, synchronously readable view of the failover sides, kept fresh by pub/sub plus periodic reloads. */
import type { Redis } from 'ioredis';
import type { DnsSide } from '../../core/dns-provider.ts';
import type { Logger } from '../../core/logger.ts';
import { normaliseDnsName } from '../../core/dns-name.ts';
import {
  dnsKeys,
  parseChangeMessage,
  readSidesSnapshot,
  type DnsRedisKeys,
  type DnsSidesSnapshot,
} from './redis-schema.ts';
import type { SideLookup } from './zone-index.ts';

export interface DnsSideCacheOptions {
  /** Safety-net reload interval (default 5000 ms). */
  refreshMs?: number;
  log?: Logger;
  /** Called whenever the cached side of a record changes. */
  onChange?: (record: string, side: DnsSide) => void;
  /**
   * Called when Redis comes back without the DNS state (its version went backwards: a restart without persistence,
   * a flush) while records were switched. The cache keeps serving those last known sides rather than failing back
   * with no alarm behind it; the callback writes them back (see `restoreLostSides`).
   */
  onStateLost?: (lastKnown: ReadonlyMap<string, DnsSide>) => void;
}

export class DnsSideCache implements SideLookup {
  private readonly keys: DnsRedisKeys;
  private sides = new Map<string, DnsSide>();
  /** Versions of records learnt from notifications newer than the last snapshot. */
  private newer = new Map<string, number>();
  private snapshotVersion = -1;
  private sub: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly options: DnsSideCacheOptions = {},
  ) {
    this.keys = dnsKeys(prefix);
  }

  /** Subscribes, then loads every side; rejects (and cleans up) when Redis cannot be reached. */
  async start(): Promise<this> {
    if (this.started || this.closed) throw new Error('DnsSideCache: start() called twice or after close()');
    const sub = this.redis.duplicate();
    this.sub = sub;
    sub.on('error', (err) => this.options.log?.debug({ err }, 'dns side cache: subscriber error'));
    sub.on('message', (channel: string, raw: string) => {
      if (channel === this.keys.channel) this.onMessage(raw);
    });
    // After a reconnect notifications may have been missed: reload.
    sub.on('ready', () => {
      if (this.started) void this.refresh();
    });
    try {
      await sub.subscribe(this.keys.channel);
      this.apply(await readSidesSnapshot(this.redis, this.keys));
    } catch (err) {
      await this.close();
      throw err;
    }
    this.started = true;
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 5000);
    this.timer.unref();
    return this;
  }

  get(record: string): DnsSide {
    return this.sides.get(record) ?? this.sides.get(normaliseDnsName(record)) ?? 'primary';
  }

  /** Records currently cached as switched (anything absent serves primary). */
  snapshot(): Record<string, DnsSide> {
    return Object.fromEntries(this.sides);
  }

  /** Reloads from Redis now; failures are logged and the last known sides kept. */
  refresh(): Promise<void> {
    this.refreshing ??= readSidesSnapshot(this.redis, this.keys)
      .then((snap) => this.apply(snap))
      .catch((err: unknown) =>
        this.options.log?.warn({ err }, 'dns side cache: reload failed; serving last known sides'),
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private onMessage(raw: string): void {
    const msg = parseChangeMessage(raw);
    if (!msg || this.closed) return;
    const record = normaliseDnsName(msg.record);
    if (msg.version <= (this.newer.get(record) ?? this.snapshotVersion)) return; // stale
    this.newer.set(record, msg.version);
    this.set(record, msg.to);
  }

  private apply(snap: DnsSidesSnapshot): void {
    if (this.closed) return;
    // The version only grows; smaller means the state was wiped. What the snapshot holds was written since and is
    // trusted; switched records it lacks keep their last known side, and are handed over to be written back.
    const wiped = snap.version < this.snapshotVersion;
    const keep = new Map<string, number>();
    if (!wiped) for (const [r, v] of this.newer) if (v > snap.version) keep.set(r, v);
    const lost = new Map<string, DnsSide>();
    for (const r of new Set([...this.sides.keys(), ...snap.sides.keys()])) {
      if (keep.has(r)) continue;
      const known = this.sides.get(r);
      if (wiped && known && !snap.sides.has(r)) lost.set(r, known);
      else this.set(r, snap.sides.get(r) ?? 'primary');
    }
    this.newer = keep;
    this.snapshotVersion = snap.version;
    if (lost.size > 0) {
      this.options.log?.warn(
        { records: Object.fromEntries(lost) },
        'dns side cache: Redis lost the DNS state; serving the last known sides and writing them back',
      );
      this.options.onStateLost?.(lost);
    }
  }

  private set(record: string, side: DnsSide): void {
    const before = this.sides.get(record) ?? 'primary';
    if (side === 'primary') this.sides.delete(record);
    else this.sides.set(record, side);
    if (before !== side) this.options.onChange?.(record, side);
  }
}
