import type { ChainableCommander } from 'ioredis';
import type { MetricInput } from '../metrics/metric-input.ts';
import type { MetricWriteTap } from '../metrics/metric-write-tap.ts';
import { selects } from './metric-filter.ts';
import type { MetricStreamConfig } from './metric-stream-config.ts';
import { encodeEntry } from './stream-entry.ts';
import { StreamKeys } from './stream-keys.ts';

/** KEYS: buffer, seq counter. ARGV: max entries, datapoint count, data. */
const APPEND = `
local seq = redis.call('INCRBY', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'seq', seq, 'n', ARGV[2], 'd', ARGV[3])
return seq
`;

type StreamSelection = Pick<MetricStreamConfig, 'include' | 'exclude' | 'bufferEntries'>;

/**
 * The metric store's write tap for metric streams: appends the datapoints that at least one configured stream
 * selects to the buffer (stream-keys.ts), in the MULTI that stores them, so every stored datapoint is buffered.
 * `streams` is read on every write (a reload takes effect); with none configured nothing is appended.
 */
export class MetricStreamTap implements MetricWriteTap {
  private readonly keys: StreamKeys;

  constructor(
    prefix: string,
    private readonly streams: () => ReadonlyArray<StreamSelection>,
  ) {
    this.keys = new StreamKeys(prefix);
  }

  queue(multi: ChainableCommander, inputs: ReadonlyArray<MetricInput>): void {
    const streams = this.streams();
    if (streams.length === 0) return;
    const picked = inputs.filter((d) => streams.some((s) => selects(s, d.namespace, d.metricName)));
    if (picked.length === 0) return;
    const { n, data } = encodeEntry(picked);
    if (n === 0) return;
    const maxEntries = Math.max(...streams.map((s) => s.bufferEntries));
    multi.eval(APPEND, 2, this.keys.buffer, this.keys.seq, maxEntries, n, data);
  }
}
