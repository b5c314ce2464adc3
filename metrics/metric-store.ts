import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Dimensions, MetricDatum, MetricUnit } from '../core/types.ts';
import { MetricKeys } from './metric-keys.ts';
import type { MetricInput } from './metric-input.ts';
import type { MetricWriteTap } from './metric-write-tap.ts';
import { decodeRawMember, rawPayload } from './raw-member.ts';
import { DEFAULT_METRICS_RETENTION, type MetricsRetention } from './retention.ts';
import { rollupSeries, type RollupResult } from './rollup.ts';
import { seriesId } from './series-key.ts';
import { decodeSummary, summaryPoints } from './sketch.ts';
import { aggregate, pickStatistic, type PeriodStats, type Sample } from './statistics.ts';

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

/** One period of {@link MetricStore.getStatistics}: each requested statistic, null where unavailable. */
export interface StatisticsDatapoint {
  /** Period start, epoch ms. */
  timestamp: number;
  values: Record<string, number | null>;
}

export interface MetricStoreOptions {
  /** Storage tiers, finest first (default: CloudWatch's 1 s/3 h, 1 min/15 d, 5 min/63 d, 1 h/455 d). */
  retention?: MetricsRetention;
  /** Clock for `rollup()` without an argument. */
  now?: () => number;
  /** Called on every write, inside its MULTI (metric streams); see metric-write-tap.ts. */
  tap?: MetricWriteTap;
}

type SampleRead = { series: SeriesInfo; start: number; end: number };

const RAW_BATCH = 1000;
const MAX_SET = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;
/** How long a datapoint id is remembered: a write with an id seen within this window is dropped. */
export const METRIC_ID_WINDOW_MS = 24 * 3600_000;
/**
 * KEYS: raw set, id set. ARGV: now, window, then (score, id, member) triples. Adds each member whose id is not in
 * the id set yet (whatever its payload and timestamp), records the id, and forgets ids older than the window.
 */
const ADD_BY_ID = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - tonumber(ARGV[2])))
local added = 0
for i = 3, #ARGV, 3 do
  if redis.call('ZADD', KEYS[2], 'NX', now, ARGV[i + 1]) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 2])
    added = added + 1
  end
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return added
`;
const READ_RAW_BATCH = `
local out = {}
for i, k in ipairs(KEYS) do
  out[i] = redis.call('ZRANGEBYSCORE', k, ARGV[2 * i - 1], ARGV[2 * i], 'WITHSCORES')
end
return out
`;

/**
 * Datapoints in Redis. The first tier is one sorted set per series (score = timestamp ms, member = `id|payload`,
 * see raw-member.ts). A datapoint given an id is stored once per id: a second write with that id (for
 * {@link METRIC_ID_WINDOW_MS}) is dropped even when its value or timestamp differ, so a re-run of the same run id
 * (a stalled job retried by another worker) is never counted twice.
 * `rollup()` moves data older than a tier's retention into the next, coarser tier (one summary per bucket, see
 * sketch.ts); reads stitch all tiers together, so each datapoint is seen exactly once, at the finest resolution
 * still kept for its age.
 */
export class MetricStore {
  private readonly keys: MetricKeys;
  private readonly tiers: MetricsRetention;
  private readonly resolutions: number[];
  private readonly now: () => number;
  private readonly tap: MetricWriteTap | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: MetricStoreOptions = {},
  ) {
    this.keys = new MetricKeys(prefix);
    this.tiers = options.retention ?? DEFAULT_METRICS_RETENTION;
    this.resolutions = this.tiers.map((t) => t.resolution);
    this.now = options.now ?? Date.now;
    this.tap = options.tap;
  }

  /** Stores datapoints atomically; `ids[i]` (optional) stores datapoint i once per id (the first write wins). */
  async put(data: ReadonlyArray<MetricDatum>, ids?: ReadonlyArray<string>): Promise<void> {
    await this.putMany(data, ids);
  }

  /**
   * Stores datapoints — single values, values with counts or statistic sets — in one MULTI/EXEC, so readers and
   * roll-ups see all of a batch or none of it.
   * `ids[i]` (optional) stores datapoint i once per id: a later write with the same id is dropped, whatever its
   * value or timestamp (the first write wins). Standard-resolution datapoints (`storageResolution: 60`) are
   * stored at the start of their minute. Inputs are trusted: validate API input with `parsePutMetricData`.
   */
  async putMany(inputs: ReadonlyArray<MetricInput>, ids?: ReadonlyArray<string>): Promise<void> {
    if (inputs.length === 0) return;
    const batch = randomUUID();
    const bySeries = new Map<
      string,
      { args: Array<string | number>; byId: Array<string | number>; last: MetricInput }
    >();
    inputs.forEach((d, i) => {
      const id = seriesId(d.namespace, d.metricName, d.dimensions);
      let entry = bySeries.get(id);
      if (!entry) bySeries.set(id, (entry = { args: [], byId: [], last: d }));
      entry.last = d;
      const payload = rawPayload(d);
      if (payload === undefined) return;
      const t = d.storageResolution === 60 ? Math.floor(d.timestamp / 60_000) * 60_000 : d.timestamp;
      const given = ids?.[i];
      if (given === undefined) entry.args.push(t, `${batch}:${i}|${payload}`);
      else entry.byId.push(t, given, `${given}|${payload}`);
    });
    const now = this.now();
    const multi = this.redis.multi();
    for (const [id, e] of bySeries) {
      if (e.args.length > 0) multi.zadd(this.keys.raw(id), ...e.args);
      if (e.byId.length > 0)
        multi.eval(ADD_BY_ID, 2, this.keys.raw(id), this.keys.ids(id), now, METRIC_ID_WINDOW_MS, ...e.byId);
      const { namespace, metricName, dimensions, unit } = e.last;
      multi.hset(this.keys.index, id, JSON.stringify({ namespace, metricName, dimensions, unit }));
    }
    this.tap?.queue(multi, inputs);
    await execOrThrow(multi);
  }

  /** Samples of one series in [start, end), from every tier (rolled-up buckets count at their start). */
  async samples(series: SeriesInfo, start: number, end: number): Promise<Sample[]> {
    return (await this.samplesMany([{ series, start, end }]))[0] ?? [];
  }

  /** Fetches samples for many series in one round trip (one MULTI, so a concurrent roll-up is never seen halfway). */
  async samplesMany(queries: ReadonlyArray<SampleRead>): Promise<Sample[][]> {
    if (queries.length === 0) return [];
    // Recent ranges (the alarm engine's) live only in the raw tier: roll-up moves data only once it is older
    // than the raw tier's retention. Read them with one script call per chunk instead of a command per tier.
    const watermark = Number((await this.redis.get(this.watermarkKey)) ?? 0);
    if (queries.every((q) => q.start >= watermark)) return this.readRawBatch(queries);
    const multi = this.redis.multi();
    for (const q of queries) this.queueRead(multi, q);
    const res = await execOrThrow(multi);
    const perQuery = this.tiers.length;
    return queries.map((_, qi) => this.decodeRead(res.slice(qi * perQuery, (qi + 1) * perQuery)));
  }

  /**
   * The resolution (seconds) at which each series' datapoints arrive, read from its latest raw datapoints (up to
   * 5): 60 when at least 2 exist and all sit on minute boundaries (standard-resolution datapoints are stored at the
   * start of their minute), 1 when any does not; undefined for an entry given as undefined and for a series with
   * fewer than 2 raw datapoints. Reads only; one round trip for all the series given.
   */
  async arrivalResolutions(series: ReadonlyArray<SeriesInfo | undefined>): Promise<Array<1 | 60 | undefined>> {
    const asked = series.flatMap((s, i) => (s ? [{ s, i }] : []));
    const out: Array<1 | 60 | undefined> = series.map(() => undefined);
    if (asked.length === 0) return out;
    const multi = this.redis.multi();
    for (const { s } of asked)
      multi.zrevrange(this.keys.raw(seriesId(s.namespace, s.metricName, s.dimensions)), 0, 4, 'WITHSCORES');
    const res = await execOrThrow(multi);
    asked.forEach(({ i }, k) => {
      const raw = res[k] as string[];
      const times = raw.filter((_, j) => j % 2 === 1).map(Number);
      if (times.length >= 2) out[i] = times.every((t) => t % 60_000 === 0) ? 60 : 1;
    });
    return out;
  }

  /** Every roll-up so far only moved raw data older than this (epoch ms); newer ranges are raw-only. */
  private get watermarkKey(): string {
    return `${this.keys.index}:rollup-watermark`;
  }

  private async readRawBatch(queries: ReadonlyArray<SampleRead>): Promise<Sample[][]> {
    const out: Sample[][] = [];
    for (let i = 0; i < queries.length; i += RAW_BATCH) {
      const chunk = queries.slice(i, i + RAW_BATCH);
      const keys = chunk.map((q) =>
        this.keys.raw(seriesId(q.series.namespace, q.series.metricName, q.series.dimensions)),
      );
      const res = (await this.redis.eval(
        READ_RAW_BATCH,
        keys.length,
        ...keys,
        ...chunk.flatMap((q) => [String(q.start), `(${q.end}`]),
      )) as string[][];
      for (const raw of res) {
        const samples: Sample[] = [];
        for (let j = 0; j + 1 < raw.length; j += 2) decodeRawMember(raw[j] as string, Number(raw[j + 1]), samples);
        out.push(samples);
      }
    }
    return out;
  }

  private queueRead(multi: ChainableCommander, q: SampleRead): void {
    const id = seriesId(q.series.namespace, q.series.metricName, q.series.dimensions);
    multi.zrangebyscore(this.keys.raw(id), q.start, `(${q.end}`, 'WITHSCORES');
    for (let i = 1; i < this.tiers.length; i++)
      multi.zrangebyscore(this.keys.level(this.resolutions, i, id), q.start, `(${q.end}`);
  }

  private decodeRead(results: unknown[]): Sample[] {
    const out: Sample[] = [];
    results.forEach((r, tier) => {
      const raw = r as string[];
      if (tier === 0) {
        for (let i = 0; i + 1 < raw.length; i += 2) decodeRawMember(raw[i] as string, Number(raw[i + 1]), out);
        return;
      }
      for (const member of raw) {
        const hash = member.indexOf('#');
        const s = decodeSummary(member.slice(hash + 1));
        out.push({
          t: Number(member.slice(0, hash)),
          v: s.sum / s.n,
          c: s.n,
          summary: { sum: s.sum, min: s.min, max: s.max, points: summaryPoints(s) },
        });
      }
    });
    return out.sort((a, b) => a.t - b.t);
  }

  /** Per-period statistics (aligned to multiples of the period since the epoch). */
  async statistics(q: MetricQuery): Promise<PeriodStats[]> {
    return aggregate(await this.samples(q, q.start, q.end), q.period * 1000);
  }

  /**
   * GetMetricStatistics: the requested statistics (basic, `pNN`, `tmNN`, `TM(a:b)`, `IQM`) for each period of
   * [start, end) that has data, oldest first, plus the series' unit. Validate names with `parseStatistic` first.
   */
  async getStatistics(
    q: MetricQuery,
    statistics: ReadonlyArray<string>,
  ): Promise<{ unit: MetricUnit | undefined; datapoints: StatisticsDatapoint[] }> {
    const [samples, info] = await Promise.all([
      this.samples(q, q.start, q.end),
      this.redis.hget(this.keys.index, seriesId(q.namespace, q.metricName, q.dimensions)),
    ]);
    const unit = info ? (JSON.parse(info) as { unit?: MetricUnit }).unit : undefined;
    const datapoints = aggregate(samples, q.period * 1000).map((p) => ({
      timestamp: p.timestamp,
      values: Object.fromEntries(statistics.map((s) => [s, pickStatistic(p, s)])),
    }));
    return { unit, datapoints };
  }

  /** For each series, whether the store already has it (it was written before). */
  async knownSeries(series: ReadonlyArray<SeriesInfo>): Promise<boolean[]> {
    if (series.length === 0) return [];
    const ids = series.map((s) => seriesId(s.namespace, s.metricName, s.dimensions));
    return (await this.redis.hmget(this.keys.index, ...ids)).map((v) => v !== null);
  }

  async list(namespace?: string): Promise<SeriesInfo[]> {
    const all = await this.redis.hvals(this.keys.index);
    return all
      .map((s) => JSON.parse(s) as SeriesInfo)
      .filter((s) => namespace === undefined || s.namespace === namespace);
  }

  /**
   * Rolls every series up to the tiers for time `now` (see rollup.ts). Call it periodically, e.g. every minute
   * (`startMetricsRollup`); it is idempotent and safe to run in several processes at once.
   */
  async rollup(now = this.now()): Promise<RollupResult> {
    const acc: RollupResult = { series: 0, moved: 0, expired: 0, conflicts: 0 };
    // Raise the watermark first: from now on, raw data before it may be moving to coarser tiers.
    await this.redis.eval(MAX_SET, 1, this.watermarkKey, String(now - (this.tiers[0]?.retentionMs ?? 0)));
    const ids = await this.redis.hkeys(this.keys.index);
    const ctx = { redis: this.redis, keys: this.keys, tiers: this.tiers };
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        acc.series += 1;
        await rollupSeries(ctx, id, now, acc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, ids.length) }, worker));
    return acc;
  }
}

async function execOrThrow(multi: ChainableCommander): Promise<unknown[]> {
  const res = (await multi.exec()) ?? [];
  return res.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
