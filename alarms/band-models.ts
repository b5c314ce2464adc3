import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../core/logger.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { pickStatistic } from '../metrics/statistics.ts';
import { bandModelOptions, type AnomalyDetection } from './anomaly/anomaly-schema.ts';
import { trainBandModel, type BandModel } from './anomaly/band-model.ts';
import { bandModelKey, needsRetraining, trainingWindow, type BandAlarmIdentity } from './anomaly/training-plan.ts';

const log = createLogger('band-models');

/** Models trained per training round at most; others keep their previous model until a later round. */
const MAX_TRAININGS_PER_ROUND = 2;

interface Cached {
  stamp: string;
  key: string;
  model: BandModel;
}

function identityOf(a: MetricAlarmDefinition): BandAlarmIdentity | undefined {
  return a.anomalyDetection ? { ...a, anomalyDetection: a.anomalyDetection as AnomalyDetection } : undefined;
}

/**
 * Anomaly band models, one per band alarm, trained from the metric's own history and retrained on the
 * schedule of training-plan.ts (hourly when ready, every 5 minutes while data is short). Models are shared
 * in Redis, so every engine evaluates with the same model; each process keeps a copy and reloads a model
 * only when another was trained. Training runs outside the evaluation ticks ({@link trainDue}); a tick uses
 * the last trained model ({@link load}, then {@link get}).
 */
export class BandModels {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly metrics: MetricStore,
  ) {}

  private get modelsKey(): string {
    return `${this.prefix}:alarms:band-models`;
  }

  private get stampsKey(): string {
    return `${this.prefix}:alarms:band-stamps`;
  }

  /** The last trained model for this alarm's current configuration, if any (after {@link load}). */
  get(alarm: MetricAlarmDefinition): BandModel | undefined {
    const cached = this.cache.get(alarm.name);
    const identity = identityOf(alarm);
    return cached && identity && bandModelKey(identity) === cached.key ? cached.model : undefined;
  }

  /** Brings this process's copies of these alarms' models up to date with Redis (one read, plus the changed models). */
  async load(alarms: ReadonlyArray<MetricAlarmDefinition>): Promise<void> {
    const names = alarms.filter((a) => a.anomalyDetection).map((a) => a.name);
    if (names.length === 0) return;
    const stamps = await this.redis.hmget(this.stampsKey, ...names);
    const changed = names.filter((n, i) => stamps[i] !== null && stamps[i] !== this.cache.get(n)?.stamp);
    if (changed.length === 0) return;
    const raw = await this.redis.hmget(this.modelsKey, ...changed);
    changed.forEach((n, i) => {
      const s = raw[i];
      if (!s) return;
      try {
        this.cache.set(n, JSON.parse(s) as Cached);
      } catch (err) {
        log.warn({ alarm: n, err: (err as Error).message }, 'unreadable band model in Redis');
      }
    });
  }

  /**
   * Trains the models due at `atMs` (at most a few per call), one engine per model, and shares them in Redis.
   * Returns how many it trained.
   */
  async trainDue(alarms: ReadonlyArray<MetricAlarmDefinition>, atMs: number): Promise<number> {
    const band = alarms.filter((a) => a.anomalyDetection);
    if (band.length === 0) return 0;
    await this.load(band);
    let trained = 0;
    for (const a of band) {
      if (trained >= MAX_TRAININGS_PER_ROUND) break;
      const identity = identityOf(a) as BandAlarmIdentity;
      if (!needsRetraining(this.cache.get(a.name), identity, atMs)) continue;
      const claim = `${this.prefix}:alarms:band-training:${a.name}`;
      if ((await this.redis.set(claim, String(process.pid), 'PX', 60_000, 'NX')) !== 'OK') continue;
      trained += 1;
      try {
        const key = bandModelKey(identity);
        const model = await train(this.metrics, identity, atMs);
        const stamp = `${createHash('sha256').update(key).digest('hex').slice(0, 12)}:${model.trainedAt}`;
        const cached: Cached = { stamp, key, model };
        await this.redis
          .multi()
          .hset(this.modelsKey, a.name, JSON.stringify(cached))
          .hset(this.stampsKey, a.name, stamp)
          .exec();
        this.cache.set(a.name, cached);
      } catch (err) {
        log.warn({ alarm: a.name, err: (err as Error).message }, 'band model training failed');
      } finally {
        await this.redis.del(claim);
      }
    }
    return trained;
  }
}

/** Trains a model on the alarm's per-period statistic over its training window. */
export async function train(metrics: MetricStore, alarm: BandAlarmIdentity, tickMs: number): Promise<BandModel> {
  const { start, end } = trainingWindow(alarm, tickMs);
  const stats = await metrics.statistics({ ...alarm, start, end, period: alarm.period });
  const samples = stats.flatMap((s) => {
    const v = pickStatistic(s, alarm.statistic);
    return v === null ? [] : [{ t: s.timestamp, v }];
  });
  return trainBandModel(samples, bandModelOptions(alarm.anomalyDetection, end));
}
