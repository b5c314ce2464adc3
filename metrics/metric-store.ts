import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Dimensions, MetricDatum } from '../core/types.ts';
import { seriesId } from './series-key.ts';
import { aggregate, type PeriodStats } from './statistics.ts';

export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** Seconds. */
  period: number;
}

export interface SeriesInfo {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
}

/**
 * Datapoints in Redis: one sorted set per series (score = timestamp ms, member = `id|value`).
 * Writing the same datapoint id twice stores it once, so a retried run is never counted twice.
 */
export class MetricStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Raw datapoints older than this are trimmed on write. */
    private readonly retentionMs = 24 * 3_600_000,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:metrics:s:${id}`;
  }

  /** Stores datapoints atomically; `ids[i]` (optional) makes datapoint i idempotent. */
  async put(data: ReadonlyArray<MetricDatum>, ids?: ReadonlyArray<string>): Promise<void> {
    if (data.length === 0) return;
    const multi = this.redis.multi();
    const touched = new Set<string>();
    data.forEach((d, i) => {
      const id = seriesId(d.namespace, d.metricName, d.dimensions);
      const member = `${ids?.[i] ?? randomUUID()}|${d.value}`;
      multi.zadd(this.key(id), d.timestamp, member);
      if (!touched.has(id)) {
        touched.add(id);
        multi.hset(`${this.prefix}:metrics:index`, id, JSON.stringify({ namespace: d.namespace, metricName: d.metricName, dimensions: d.dimensions, unit: d.unit }));
      }
    });
    const cutoff = Date.now() - this.retentionMs;
    for (const id of touched) multi.zremrangebyscore(this.key(id), '-inf', `(${cutoff}`);
    await multi.exec();
  }

  /** Raw samples of one series in [start, end). */
  async samples(series: SeriesInfo, start: number, end: number): Promise<Array<{ t: number; v: number }>> {
    const raw = await this.redis.zrangebyscore(this.key(seriesId(series.namespace, series.metricName, series.dimensions)), start, `(${end}`, 'WITHSCORES');
    return decode(raw);
  }

  /** Per-period statistics (aligned to multiples of the period since the epoch). */
  async statistics(q: MetricQuery): Promise<PeriodStats[]> {
    return aggregate(await this.samples(q, q.start, q.end), q.period * 1000);
  }

  /** Fetches samples for many series in one round trip. */
  async samplesMany(queries: ReadonlyArray<{ series: SeriesInfo; start: number; end: number }>): Promise<Array<Array<{ t: number; v: number }>>> {
    const pipe = this.redis.pipeline();
    for (const q of queries) {
      pipe.zrangebyscore(this.key(seriesId(q.series.namespace, q.series.metricName, q.series.dimensions)), q.start, `(${q.end}`, 'WITHSCORES');
    }
    const res = (await pipe.exec()) ?? [];
    return res.map(([err, raw]) => {
      if (err) throw err;
      return decode(raw as string[]);
    });
  }

  async list(namespace?: string): Promise<SeriesInfo[]> {
    const all = await this.redis.hvals(`${this.prefix}:metrics:index`);
    return all.map((s) => JSON.parse(s) as SeriesInfo).filter((s) => namespace === undefined || s.namespace === namespace);
  }
}

function decode(raw: string[]): Array<{ t: number; v: number }> {
  const out: Array<{ t: number; v: number }> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const member = raw[i] as string;
    out.push({ t: Number(raw[i + 1]), v: Number(member.slice(member.lastIndexOf('|') + 1)) });
  }
  return out;
}
