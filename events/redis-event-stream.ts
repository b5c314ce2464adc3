import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import {
  eventKey,
  type CanaryEvent,
  type CanaryEventType,
  type EventReadOptions,
  type EventStream,
  type EventSubscription,
  type StoredEvent,
  type SubscribeOptions,
} from '../core/events.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { decodeEntry, encodeEvent, entryType, type StreamEntry } from './event-codec.ts';
import { RedisEventSubscription } from './event-subscription.ts';
import { normaliseStreamId } from './stream-id.ts';

/** Events kept on the stream by default (approximately: Redis trims whole nodes, so a few more may stay). */
export const DEFAULT_EVENTS_MAX_LENGTH = 100_000;

// KEYS: stream[, once-marker]. ARGV: marker lifetime (ms), max length, then the entry's field/value pairs.
// The marker check, the append and the marker are one script, so two publishers of one event store it once.
const PUBLISH_LUA = `
if #KEYS == 2 and redis.call('EXISTS', KEYS[2]) == 1 then return false end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
if #KEYS == 2 then redis.call('SET', KEYS[2], id, 'PX', ARGV[1]) end
return id
`;

export interface RedisEventStreamOptions {
  /** The shared command connection (not owned: the stream never closes it). */
  redis: Redis;
  /** The project's key prefix: the stream is `<prefix>:events`. */
  prefix: string;
  /** Events kept (XADD MAXLEN ~); older ones are trimmed. */
  maxLength?: number;
  /** How long an event's key (a run id, a transition id) is remembered to drop a repeated publish; default 1 h. */
  dedupWindowMs?: number;
  /** Longest a subscription's XREAD blocks before it checks the stream again; default 5 s. */
  blockMs?: number;
  /** Longest `close({ drain: true })` waits; default 10 s. */
  drainTimeoutMs?: number;
  /** CLIENT SETNAME of each subscription's connection. */
  subscriberName?: string;
  /** `host:pid` recorded with each event. */
  source?: string;
  log?: Logger;
}

/**
 * The event stream on a Redis stream: bounded (`XADD MAXLEN ~ maxLength`), resumable from any id, read by any
 * number of independent subscribers (each one sees every event; none takes it from another).
 */
export class RedisEventStream implements EventStream {
  readonly key: string;
  /** Publishes that failed (logged); the caller was not disturbed. */
  publishFailures = 0;
  private readonly maxLength: number;
  private readonly dedupWindowMs: number;
  private readonly source: string;
  private readonly log: Logger;
  private readonly subscriptions = new Set<RedisEventSubscription>();

  constructor(private readonly opts: RedisEventStreamOptions) {
    this.key = `${opts.prefix}:events`;
    this.maxLength = Math.max(1, Math.floor(opts.maxLength ?? DEFAULT_EVENTS_MAX_LENGTH));
    this.dedupWindowMs = Math.max(1, Math.floor(opts.dedupWindowMs ?? 3_600_000));
    this.source = opts.source ?? `${hostname()}:${process.pid}`;
    this.log = opts.log ?? createLogger('events');
  }

  async publish(event: CanaryEvent): Promise<void> {
    await this.append(event);
  }

  /** Publishes and returns the new id; undefined when the event was already on the stream or the publish failed. */
  async append(event: CanaryEvent): Promise<string | undefined> {
    const once = eventKey(event);
    const keys = once === undefined ? [this.key] : [this.key, `${this.key}:once:${once}`];
    try {
      const id = await this.opts.redis.eval(
        PUBLISH_LUA,
        keys.length,
        ...keys,
        this.dedupWindowMs,
        this.maxLength,
        ...encodeEvent(event, new Date().toISOString(), this.source),
      );
      return typeof id === 'string' ? id : undefined;
    } catch (err) {
      this.publishFailures += 1;
      this.log.warn({ err: (err as Error).message, type: event.type, key: once }, 'could not publish an event');
      return undefined;
    }
  }

  async read<T extends CanaryEventType = CanaryEventType>(
    opts: EventReadOptions & { types?: readonly T[] } = {},
  ): Promise<Array<StoredEvent<Extract<CanaryEvent, { type: T }>>>> {
    const count = Math.max(0, Math.floor(opts.count ?? 100));
    const wanted = opts.types ? new Set<CanaryEventType>(opts.types) : undefined;
    const page = Math.max(100, count);
    const out: StoredEvent[] = [];
    let from = opts.after === undefined ? '-' : `(${normaliseStreamId(opts.after)}`;
    while (out.length < count) {
      const entries = (await this.opts.redis.xrange(this.key, from, '+', 'COUNT', page)) as StreamEntry[];
      for (const entry of entries) {
        const type = entryType(entry[1]);
        if (type === undefined || (wanted && !wanted.has(type))) continue;
        const stored = decodeEntry(entry);
        if (stored) out.push(stored);
        if (out.length >= count) break;
      }
      const lastEntry = entries[entries.length - 1];
      if (entries.length < page || !lastEntry) break;
      from = `(${lastEntry[0]}`;
    }
    return out as Array<StoredEvent<Extract<CanaryEvent, { type: T }>>>;
  }

  async lastId(): Promise<string> {
    const [entry] = await this.opts.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    return entry ? entry[0] : '0-0';
  }

  /** Events on the stream now (at most about `maxLength`). */
  async length(): Promise<number> {
    return this.opts.redis.xlen(this.key);
  }

  subscribe<T extends CanaryEventType = CanaryEventType>(
    handler: (e: StoredEvent<Extract<CanaryEvent, { type: T }>>) => void | Promise<void>,
    opts: SubscribeOptions & { types?: readonly T[] } = {},
  ): EventSubscription {
    const after = opts.after === undefined || opts.after === '$' ? '$' : normaliseStreamId(opts.after);
    const connection = this.opts.redis.duplicate({
      connectionName: this.opts.subscriberName ?? 'canarykit-events',
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    let down = false;
    connection.on('error', (err: Error) => {
      if (!down) this.log.warn({ err: err.message }, 'event subscription lost its Redis connection; reconnecting');
      down = true;
    });
    connection.on('ready', () => {
      if (down) this.log.info('event subscription reconnected');
      down = false;
    });
    const sub = new RedisEventSubscription(
      {
        connection,
        key: this.key,
        after,
        types: opts.types ? new Set<CanaryEventType>(opts.types) : undefined,
        blockMs: this.opts.blockMs ?? 5_000,
        batch: 100,
        drainTimeoutMs: this.opts.drainTimeoutMs ?? 10_000,
        log: this.log,
        onEnd: () => this.subscriptions.delete(sub),
      },
      handler as (e: StoredEvent) => void | Promise<void>,
      () => this.lastId(),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  /** Ends every subscription still open (without draining). The command connection stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }
}
