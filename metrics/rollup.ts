import type { Redis } from 'ioredis';
import type { MetricKeys } from './metric-keys.ts';
import { decodeRawMember } from './raw-member.ts';
import type { MetricsRetention } from './retention.ts';
import { forgetIfEmpty, moveMembers } from './rollup-script.ts';
import {
  addStatisticSet,
  addValue,
  decodeSummary,
  emptySummary,
  encodeSummary,
  mergeSummary,
  type Summary,
} from './sketch.ts';
import type { Sample } from './statistics.ts';

export interface RollupResult {
  /** Series looked at. */
  series: number;
  /** Datapoints / buckets moved into a coarser tier. */
  moved: number;
  /** Buckets dropped from the last tier. */
  expired: number;
  /** Moves skipped because another process moved the same data first (harmless; they are re-read). */
  conflicts: number;
}

export interface RollupContext {
  redis: Redis;
  keys: MetricKeys;
  tiers: MetricsRetention;
}

/** Members moved per script call (bounds the script's run time and argument count). */
const CHUNK = 1000;

/**
 * Rolls one series up: in each tier, data older than the tier's retention (cut at a bucket boundary of the next tier)
 * is summarised into the next tier's buckets and removed, atomically per chunk; the last tier's expired buckets are
 * dropped; a series with nothing left leaves the index. Idempotent, and safe to run from several processes at once.
 */
export async function rollupSeries(ctx: RollupContext, id: string, now: number, acc: RollupResult): Promise<void> {
  const { redis, keys, tiers } = ctx;
  const resolutions = tiers.map((t) => t.resolution);
  for (let k = 0; k + 1 < tiers.length; k++) {
    const source = keys.level(resolutions, k, id);
    const target = keys.level(resolutions, k + 1, id);
    const bucketMs = (resolutions[k + 1] as number) * 1000;
    const cutoff = Math.floor((now - (tiers[k]?.retentionMs ?? 0)) / bucketMs) * bucketMs;
    for (let round = 0; round < 100_000; round++) {
      const raw = await redis.zrangebyscore(source, '-inf', `(${cutoff}`, 'WITHSCORES', 'LIMIT', 0, CHUNK);
      if (raw.length === 0) break;
      const members: string[] = [];
      const buckets = new Map<number, Summary>();
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const member = raw[i] as string;
        const t = Number(raw[i + 1]);
        members.push(member);
        const b = Math.floor(t / bucketMs) * bucketMs;
        let s = buckets.get(b);
        if (!s) buckets.set(b, (s = emptySummary()));
        if (k === 0) addRawMember(s, member, t);
        else mergeSummary(s, decodeSummary(member.slice(member.indexOf('#') + 1)));
      }
      const deltas: Array<[number, string]> = [];
      for (const [b, s] of buckets) if (s.n > 0) deltas.push([b, encodeSummary(s)]);
      if (await moveMembers(redis, source, target, members, deltas)) acc.moved += members.length;
      else acc.conflicts += 1;
    }
  }
  const last = tiers.length - 1;
  const lastKey = keys.level(resolutions, last, id);
  acc.expired += await redis.zremrangebyscore(lastKey, '-inf', `(${now - (tiers[last]?.retentionMs ?? 0)}`);
  await forgetIfEmpty(
    redis,
    keys.index,
    id,
    resolutions.map((_, i) => keys.level(resolutions, i, id)),
  );
}

function addRawMember(s: Summary, member: string, t: number): void {
  const samples: Sample[] = [];
  decodeRawMember(member, t, samples);
  for (const x of samples) {
    if (x.summary)
      addStatisticSet(s, { sampleCount: x.c ?? 1, sum: x.summary.sum, minimum: x.summary.min, maximum: x.summary.max });
    else addValue(s, x.v, x.c ?? 1);
  }
}
