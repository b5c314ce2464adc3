import type { Redis } from 'ioredis';
import type { CanaryEventType, EventSubscription, StoredEvent } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { decodeEntry, entryType, type StreamEntry } from './event-codec.ts';
import { compareStreamIds } from './stream-id.ts';

export interface SubscriptionSettings {
  /** A connection of its own (a blocking XREAD holds it); disconnected when the subscription ends. */
  connection: Redis;
  key: string;
  /** `'$'` for events published from now on, else the (normalised) id to resume after. */
  after: string;
  types: ReadonlySet<CanaryEventType> | undefined;
  /** Longest a single XREAD blocks; on a quiet stream the loop checks for a reset stream this often. */
  blockMs: number;
  /** Entries per XREAD. */
  batch: number;
  /** Longest `close({ drain: true })` waits for the events to be delivered (Redis may be down). */
  drainTimeoutMs: number;
  log: Logger;
  /** Called once the loop has ended and the connection is closed. */
  onEnd?: () => void;
}

type Handler = (e: StoredEvent) => void | Promise<void>;

const NEWEST = ['+', '-', 'COUNT', '1'] as const;

/**
 * One subscriber's blocking read loop: XREAD after the last id seen, hand each matching event to the handler in
 * order, repeat. A failed read (Redis gone) is retried with back-off from the same id, so nothing is skipped.
 */
export class RedisEventSubscription implements EventSubscription {
  readonly ready: Promise<void>;
  private last = '0-0';
  private started = false;
  private closing = false;
  private drainTo: string | undefined;
  private closed: Promise<void> | undefined;
  private readonly done: Promise<void>;
  private wake: (() => void) | undefined;

  constructor(
    private readonly s: SubscriptionSettings,
    private readonly handler: Handler,
    /** The stream's newest id, read on another connection (for `close({ drain: true })`). */
    private readonly newestId: () => Promise<string>,
  ) {
    let markReady!: () => void;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    this.done = this.run(markReady)
      .catch((err: Error) => {
        s.log.error({ err: err.message }, 'event subscription loop failed');
        s.connection.disconnect();
      })
      .finally(() => s.onEnd?.());
  }

  get lastId(): string {
    return this.last;
  }

  close(opts: { drain?: boolean } = {}): Promise<void> {
    this.closed ??= this.shutdown(opts.drain === true);
    return this.closed;
  }

  private async shutdown(drain: boolean): Promise<void> {
    // Before the start is resolved there is nothing to drain; Redis may be down, so do not wait for it.
    if (drain && this.started) {
      const target = await this.newestId().catch((err: Error) => {
        this.s.log.warn({ err: err.message }, 'could not read the end of the event stream; closing without draining');
        return undefined;
      });
      if (target !== undefined && compareStreamIds(this.last, target) < 0) this.drainTo = target;
    }
    this.closing = true;
    if (this.drainTo === undefined) {
      this.interrupt();
      await this.done;
      return;
    }
    const timer = setTimeout(() => {
      this.s.log.warn({ after: this.last, until: this.drainTo }, 'draining the event stream timed out; closing');
      this.drainTo = undefined;
      this.interrupt();
    }, this.s.drainTimeoutMs);
    await this.done;
    clearTimeout(timer);
  }

  /** Ends a blocking read or a back-off pause at once. */
  private interrupt(): void {
    this.s.connection.disconnect();
    this.wake?.();
  }

  private get stopping(): boolean {
    return this.closing && (this.drainTo === undefined || compareStreamIds(this.last, this.drainTo) >= 0);
  }

  private async run(markReady: () => void): Promise<void> {
    const { connection, key, log } = this.s;
    const start = await this.retrying('resolve the start of the subscription', async () =>
      this.s.after === '$' ? await this.newestOn(connection) : this.s.after,
    );
    if (start !== undefined) this.last = start;
    this.started = start !== undefined;
    markReady();
    let failures = 0;
    while (!this.stopping) {
      let reply: Array<[string, StreamEntry[]]> | null;
      try {
        reply = (await connection.xread(
          'COUNT',
          this.s.batch,
          'BLOCK',
          this.s.blockMs,
          'STREAMS',
          key,
          this.last,
        )) as Array<[string, StreamEntry[]]> | null;
        failures = 0;
      } catch (err) {
        if (this.closing) break;
        failures += 1;
        log.warn({ err: (err as Error).message, after: this.last, failures }, 'event stream read failed; retrying');
        await this.pause(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      if (!reply) {
        await this.noticeReset().catch(() => undefined);
        continue;
      }
      for (const [, entries] of reply) {
        for (const entry of entries) {
          this.last = entry[0];
          const type = entryType(entry[1]);
          if (type === undefined || (this.s.types && !this.s.types.has(type))) continue;
          const stored = decodeEntry(entry);
          if (!stored) {
            log.warn({ id: entry[0] }, 'unreadable event skipped');
            continue;
          }
          try {
            await this.handler(stored);
          } catch (err) {
            log.error({ err: (err as Error).message, id: stored.id, type }, 'event handler failed; continuing');
          }
          if (this.stopping) break;
        }
        if (this.stopping) break;
      }
    }
    connection.disconnect();
  }

  /** A stream that now ends before our position was deleted or lost (a Redis without persistence restarted). */
  private async noticeReset(): Promise<void> {
    const newest = await this.newestOn(this.s.connection);
    if (compareStreamIds(newest, this.last) < 0) {
      this.s.log.warn({ after: this.last, newest }, 'event stream was reset; reading it from its start');
      this.last = '0-0';
    }
  }

  private async newestOn(conn: Redis): Promise<string> {
    const [entry] = await conn.xrevrange(this.s.key, ...NEWEST);
    return entry ? entry[0] : '0-0';
  }

  /** Retries `fn` with back-off until it succeeds; undefined once the subscription is closing. */
  private async retrying<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    for (let failures = 1; ; failures++) {
      if (this.closing) return undefined;
      try {
        return await fn();
      } catch (err) {
        if (this.closing) return undefined;
        this.s.log.warn({ err: (err as Error).message, failures }, `could not ${what}; retrying`);
        await this.pause(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
