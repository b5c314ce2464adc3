import type { Dimensions, MetricUnit } from '../core/types.ts';
import type { MetricInput } from '../metrics/metric-input.ts';
import { decodeRawMember, rawPayload } from '../metrics/raw-member.ts';
import type { Sample } from '../metrics/statistics.ts';

/** One datapoint as the buffer carries it: `[namespace, metricName, dimensions, unit, timestamp, payload]`. */
type EncodedDatum = [string, string, Dimensions, MetricUnit, number, string];

/** A datapoint read back from the buffer: its series and its samples (one per value; a statistic set is one). */
export interface StreamedDatum {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  unit: MetricUnit;
  /** Epoch ms, as written (standard-resolution datapoints are not truncated to their minute here). */
  timestamp: number;
  samples: Sample[];
}

/** Encodes datapoints for a buffer entry (the raw tier's payload format, metrics/raw-member.ts). */
export function encodeEntry(inputs: ReadonlyArray<MetricInput>): { n: number; data: string } {
  const out: EncodedDatum[] = [];
  for (const d of inputs) {
    const payload = rawPayload(d);
    if (payload !== undefined) out.push([d.namespace, d.metricName, d.dimensions, d.unit, d.timestamp, payload]);
  }
  return { n: out.length, data: JSON.stringify(out) };
}

export function decodeEntry(data: string): StreamedDatum[] {
  return (JSON.parse(data) as EncodedDatum[]).map(([namespace, metricName, dimensions, unit, timestamp, payload]) => {
    const samples: Sample[] = [];
    decodeRawMember(`|${payload}`, timestamp, samples);
    return { namespace, metricName, dimensions, unit, timestamp, samples };
  });
}
