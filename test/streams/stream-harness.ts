import { Redis } from 'ioredis';
import { metricStreamsSchema } from '../../config/metric-streams-schema.ts';
import { createLogger } from '../../core/logger.ts';
import { MetricStore } from '../../metrics/metric-store.ts';
import { MetricStreams } from '../../streams/metric-streams.ts';
import { MetricStreamTap } from '../../streams/metric-stream-tap.ts';
import { readStreamStatus, type MetricStreamStatus } from '../../streams/stream-status.ts';
import type { MetricStreamConfig } from '../../streams/metric-stream-config.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';

/**
 * One "process" of a stack as far as metric streams go: its own Redis connection, a metric store with the stream
 * tap (the write path) and the streams' consumers, all on a shared test prefix.
 */
export class StreamNode {
  readonly redis: Redis;
  readonly store: MetricStore;
  readonly streams: MetricStreams;

  constructor(
    readonly prefix: string,
    readonly config: MetricStreamConfig[],
  ) {
    this.redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    this.store = new MetricStore(this.redis, prefix, { tap: new MetricStreamTap(prefix, () => this.config) });
    this.streams = new MetricStreams({ redis: this.redis, prefix, log: createLogger('streams-test') });
  }

  start(): Promise<void> {
    return this.streams.apply(this.config);
  }

  async status(name: string): Promise<MetricStreamStatus> {
    const all = await readStreamStatus(this.redis, this.prefix, this.config);
    const s = all.find((x) => x.name === name);
    if (!s) throw new Error(`no status for ${name}`);
    return s;
  }

  async close(): Promise<void> {
    await this.streams.close();
    await this.redis.quit();
  }
}

export const parseStreams = (raw: unknown): MetricStreamConfig[] => metricStreamsSchema.parse(raw);

export { deletePrefix, testPrefix };
