/**
 * The active faults as a synchronously readable, in-memory view for the components that apply served faults
 * (the fault proxy, the DNS server): reloaded on every change message and every `refreshMs` as a safety net.
 * Expiry is checked at every read, so a fault whose controller died stops at its lease end even when nothing
 * deletes it and no message arrives. While Redis is unreachable the last known faults keep applying until
 * their leases end.
 */
import type { Redis } from 'ioredis';
import type { ActiveFault, ActiveFaultView } from '../core/fault.ts';
import type { Logger } from '../core/logger.ts';
import { FaultStore, type StoredFault } from './fault-store.ts';

export interface RedisFaultViewOptions {
  /** Safety-net reload interval (default 2000 ms). */
  refreshMs?: number;
  log?: Logger;
}

export class RedisFaultView implements ActiveFaultView {
  private readonly store: FaultStore;
  private faults: readonly StoredFault[] = [];
  private readonly listeners = new Set<() => void>();
  private sub: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly options: RedisFaultViewOptions = {},
  ) {
    this.store = new FaultStore(redis, prefix);
  }

  /** Subscribes, then loads; rejects (and cleans up) when Redis cannot be reached. */
  async start(): Promise<this> {
    const sub = this.redis.duplicate();
    this.sub = sub;
    sub.on('error', (err) => this.options.log?.debug({ err }, 'fault view: subscriber error'));
    sub.on('message', () => void this.reload());
    sub.on('ready', () => void this.reload()); // after a reconnect messages may have been missed
    try {
      await sub.subscribe(this.store.keys.channel);
      await this.load();
    } catch (err) {
      await this.close();
      throw err;
    }
    this.timer = setInterval(() => void this.reload(), this.options.refreshMs ?? 2000);
    this.timer.unref();
    return this;
  }

  active(type: string, now = Date.now()): readonly ActiveFault[] {
    return this.faults.filter((f) => f.type === type && f.expiresAt > now && f.claimedBy === undefined);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reloads now (coalescing concurrent calls; a change during a reload triggers one more). */
  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.again = false;
        await this.load().catch((err: unknown) =>
          this.options.log?.warn({ err }, 'fault view: reload failed; applying the last known faults'),
        );
      } while (this.again && !this.closed);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private async load(): Promise<void> {
    const faults = await this.store.list();
    if (this.closed) return;
    this.faults = faults;
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.options.log?.warn({ err }, 'fault view: change listener threw');
      }
    }
  }
}
