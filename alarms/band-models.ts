import { createLogger } from '../core/logger.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { pickStatistic } from '../metrics/statistics.ts';
import { bandModelOptions, type AnomalyDetection } from './anomaly/anomaly-schema.ts';
import { trainBandModel, type BandModel } from './anomaly/band-model.ts';
import { bandModelKey, needsRetraining, trainingWindow, type BandAlarmIdentity } from './anomaly/training-plan.ts';

const log = createLogger('band-models');

/** Models retrained per tick at most; others keep their previous model until a later tick. */
const MAX_TRAININGS_PER_TICK = 2;

/**
 * In-memory cache of anomaly band models, one per band alarm, trained from the metric's own history and
 * retrained on the schedule of training-plan.ts (hourly when ready, every 5 minutes while data is short).
 */
export class BandModels {
  private readonly cache = new Map<string, { key: string; model: BandModel }>();

  constructor(private readonly metrics: MetricStore) {}

  get(name: string): BandModel | undefined {
    return this.cache.get(name)?.model;
  }

  /** Trains the models that are due, at most a few per tick. */
  async refresh(alarms: ReadonlyArray<MetricAlarmDefinition>, tickMs: number): Promise<void> {
    let trained = 0;
    for (const a of alarms) {
      if (!a.anomalyDetection || trained >= MAX_TRAININGS_PER_TICK) continue;
      const identity: BandAlarmIdentity = { ...a, anomalyDetection: a.anomalyDetection as AnomalyDetection };
      if (!needsRetraining(this.cache.get(a.name), identity, tickMs)) continue;
      trained += 1;
      try {
        this.cache.set(a.name, { key: bandModelKey(identity), model: await train(this.metrics, identity, tickMs) });
      } catch (err) {
        log.warn({ alarm: a.name, err: (err as Error).message }, 'band model training failed');
      }
    }
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
