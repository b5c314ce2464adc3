/**
 * Redis keys of metric streams (README § Metric streams):
 * - `<prefix>:metric-stream` — the buffer: a Redis stream (XADD MAXLEN ~) with one entry per metric-store write
 *   that holds datapoints some stream selects; fields `seq` (datapoints appended so far, this entry's included),
 *   `n` (datapoints in the entry) and `d` (the datapoints, JSON). One consumer group per metric stream, named after it.
 * - `<prefix>:metric-stream:seq` — the counter behind `seq`.
 * - `<prefix>:metric-stream:status:<name>` — a hash per metric stream: `seq` (the highest seq its group has read,
 *   for counting trimmed entries), `dropped`, `delivered`, `rejected`, `errors`, `lastDeliveryAt`, `lagMs`,
 *   `lastError`, `lastErrorAt`.
 */
export class StreamKeys {
  constructor(private readonly prefix: string) {}

  get buffer(): string {
    return `${this.prefix}:metric-stream`;
  }

  get seq(): string {
    return `${this.prefix}:metric-stream:seq`;
  }

  status(stream: string): string {
    return `${this.prefix}:metric-stream:status:${stream}`;
  }
}
