import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger.ts';
import type { MetricStreamConfig } from './metric-stream-config.ts';
import { findStreamOutput } from './outputs/index.ts';
import { MetricStreamConsumer } from './stream-consumer.ts';

export interface MetricStreamsOptions {
  redis: Redis;
  prefix: string;
  log: Logger;
}

/**
 * This process's consumers, one per configured metric stream; `apply` swaps them for a new config (a reload):
 * a stream whose config is unchanged keeps its consumer.
 */
export class MetricStreams {
  private readonly running = new Map<string, { json: string; consumer: MetricStreamConsumer }>();

  constructor(private readonly o: MetricStreamsOptions) {}

  async apply(streams: ReadonlyArray<MetricStreamConfig>): Promise<void> {
    const wanted = new Map(streams.map((s) => [s.name, s]));
    for (const [name, r] of [...this.running]) {
      const next = wanted.get(name);
      if (next && JSON.stringify(next) === r.json) continue;
      this.running.delete(name);
      await r.consumer.close();
    }
    for (const s of streams) {
      if (this.running.has(s.name)) continue;
      const output = findStreamOutput(s.output.type);
      if (!output) throw new Error(`metric stream "${s.name}": unknown output type "${s.output.type}"`);
      const sink = output.create(output.schema.parse(s.output), {
        streamName: s.name,
        accountId: s.accountId,
        region: s.region,
      });
      const consumer = new MetricStreamConsumer({
        redis: this.o.redis,
        prefix: this.o.prefix,
        config: s,
        sink,
        log: this.o.log,
      });
      await consumer.start();
      this.running.set(s.name, { json: JSON.stringify(s), consumer });
    }
  }

  async close(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((r) => r.consumer.close()));
  }
}
