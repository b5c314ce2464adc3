import type { ChainableCommander } from 'ioredis';
import type { MetricInput } from './metric-input.ts';

/**
 * A port on the metric store's write path: `queue` adds its own commands to the MULTI that stores a batch, so
 * whatever it records (metric streams append the batch to a Redis stream) commits with the datapoints or not at all.
 * It must only queue commands (no awaits, no reads of their results).
 */
export interface MetricWriteTap {
  queue(multi: ChainableCommander, inputs: ReadonlyArray<MetricInput>): void;
}
