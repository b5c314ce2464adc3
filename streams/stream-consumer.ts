import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger.ts';
import { selects } from './metric-filter.ts';
import type { MetricStreamConfig } from './metric-stream-config.ts';
import { SinkError, type StreamSink } from './outputs/output.ts';
import { decodeEntry, type StreamedDatum } from './stream-entry.ts';
import { StreamKeys } from './stream-keys.ts';
import { buildRecords } from './stream-record.ts';
import { ENSURE_GROUP, READ_NEW } from './stream-scripts.ts';

type Entry = [id: string, fields: string[]];

export interface StreamConsumerOptions {
  redis: Redis;
  prefix: string;
  config: MetricStreamConfig;
  sink: StreamSink;
  log: Logger;
  now?: () => number;
}

const field = (fields: string[], name: string) => {
  const i = fields.indexOf(name);
  return i >= 0 && i % 2 === 0 ? fields[i + 1] : undefined;
};
const entryTime = (id: string) => Number(id.slice(0, id.indexOf('-')));

/**
 * One process's consumer of one metric stream: reads the buffer through the stream's consumer group (several
 * processes share the work), delivers each batch to the sink, retrying with exponential backoff (and jitter) until
 * it is taken or refused, and acknowledges it only then — at least once. While it retries it reads nothing more, so
 * what waits is in Redis, bounded by the buffer's length; entries a dead consumer held are claimed after
 * `claimIdleMs`. Status goes to the stream's status hash (stream-keys.ts).
 */
export class MetricStreamConsumer {
  private readonly keys: StreamKeys;
  private readonly group: string;
  private readonly name: string;
  private readonly blocking: Redis;
  private readonly now: () => number;
  private closed = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastClaim = 0;

  constructor(private readonly o: StreamConsumerOptions) {
    this.keys = new StreamKeys(o.prefix);
    this.group = o.config.name;
    this.name = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.blocking = o.redis.duplicate();
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    await this.ensureGroup();
    this.loop = this.run();
  }

  /** Stops reading; a batch still being retried stays unacknowledged, for a consumer that outlives this one. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.blocking.disconnect();
    await this.loop;
    const mine = (await this.o.redis
      .xpending(this.keys.buffer, this.group, '-', '+', 1, this.name)
      .catch(() => [1])) as unknown[];
    if (mine.length === 0)
      await this.o.redis.xgroup('DELCONSUMER', this.keys.buffer, this.group, this.name).catch(() => undefined);
  }

  private async ensureGroup(): Promise<void> {
    const k = this.keys;
    await this.o.redis.eval(ENSURE_GROUP, 3, k.buffer, k.status(this.group), k.seq, this.group);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        const claimed = await this.claimIdle();
        if (claimed.length > 0) {
          await this.deliver(claimed);
          continue;
        }
        const [, entries, lastId] = (await this.o.redis.eval(
          READ_NEW,
          2,
          this.keys.buffer,
          this.keys.status(this.group),
          this.group,
          this.name,
          this.o.config.batchSize,
        )) as [number, Entry[], string];
        failures = 0;
        if (entries.length > 0) await this.deliver(entries);
        else await this.waitForNew(lastId);
      } catch (err) {
        if (this.closed) break;
        const message = (err as Error).message;
        if (/NOGROUP/.test(message)) await this.ensureGroup().catch(() => undefined);
        else this.o.log.warn({ stream: this.group, err: message }, 'metric stream read failed');
        await this.sleep(this.backoff(failures++));
      }
    }
  }

  /** Entries another consumer read and held unacknowledged for claimIdleMs (it died): this consumer's now. */
  private async claimIdle(): Promise<Entry[]> {
    const now = this.now();
    const every = Math.max(1000, this.o.config.claimIdleMs / 2);
    if (now - this.lastClaim < every) return [];
    this.lastClaim = now;
    const res = (await this.o.redis.xautoclaim(
      this.keys.buffer,
      this.group,
      this.name,
      this.o.config.claimIdleMs,
      '0-0',
      'COUNT',
      this.o.config.batchSize,
    )) as [string, Array<Entry | null>, string[]?];
    return res[1].filter((e): e is Entry => e !== null && Array.isArray(e[1]));
  }

  private async waitForNew(lastId: string): Promise<void> {
    const blockMs = Math.min(1000, Math.max(100, this.o.config.claimIdleMs / 2));
    await this.blocking.xread('COUNT', 1, 'BLOCK', blockMs, 'STREAMS', this.keys.buffer, lastId);
  }

  private async deliver(entries: Entry[]): Promise<void> {
    const ids = entries.map(([id]) => id);
    const data: StreamedDatum[] = entries.flatMap(([, f]) => decodeEntry(field(f, 'd') ?? '[]'));
    const { config, sink, redis } = this.o;
    const selected = data.filter((d) => selects(config, d.namespace, d.metricName)).length;
    const records = buildRecords(config, data);
    const status = this.keys.status(this.group);
    for (let attempt = 0; records.length > 0; attempt++) {
      try {
        await sink.send(records);
        const now = this.now();
        await redis
          .multi()
          .hset(status, 'lastDeliveryAt', now, 'lagMs', Math.max(0, now - Math.min(...ids.map(entryTime))))
          .hincrby(status, 'delivered', selected)
          .exec();
        break;
      } catch (err) {
        const retryable = !(err instanceof SinkError) || err.retryable;
        const message = (err as Error).message;
        const multi = redis
          .multi()
          .hincrby(status, 'errors', 1)
          .hset(status, 'lastError', message, 'lastErrorAt', this.now());
        if (!retryable) multi.hincrby(status, 'rejected', selected);
        await multi.exec();
        if (!retryable) {
          this.o.log.warn({ stream: this.group, err: message, datapoints: selected }, 'metric stream delivery refused');
          break;
        }
        if (attempt === 0)
          this.o.log.warn({ stream: this.group, err: message }, 'metric stream delivery failed; retrying');
        if (this.closed) return;
        await this.sleep(this.backoff(attempt));
        if (this.closed) return;
        // Still ours: reset the entries' idle time so no other consumer claims them while this one retries.
        await redis.xclaim(this.keys.buffer, this.group, this.name, 0, ...ids, 'JUSTID');
      }
    }
    await redis.xack(this.keys.buffer, this.group, ...ids);
  }

  private backoff(attempt: number): number {
    const { initialMs, maxMs } = this.o.config.retry;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
    return base / 2 + Math.random() * (base / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
