/**
 * When and on what the alarm engine (re)trains a band alarm's model. Pure: the engine passes the
 * tick; it does the fetching, training and caching itself.
 */
import type { Dimensions } from '../../core/types.ts';
import { evaluationRangeLength } from '../evaluation-range.ts';
import type { AnomalyDetection } from './anomaly-schema.ts';
import type { BandModel } from './band-model.ts';
import { DAY_MS, MINUTE_MS } from './seasonal-layer.ts';

/** A ready model is retrained this often (a new hour of data barely moves a 14-day model). */
export const RETRAIN_READY_MS = 60 * MINUTE_MS;
/** An insufficient model (a new metric) is retried this often, so its first band comes soon. */
export const RETRAIN_INSUFFICIENT_MS = 5 * MINUTE_MS;

/** What a band alarm's model depends on. */
export interface BandAlarmIdentity {
  name: string;
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  statistic: string;
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  anomalyDetection: AnomalyDetection;
}

/**
 * The history to train on at `tickMs`: `trainingDays` of the alarm's periods, ending where the
 * evaluation range starts, so the datapoints being judged are never part of what "normal" is.
 * Fetch it as per-period values of the alarm's statistic (e.g. `MetricStore.statistics` with the
 * alarm's period, then `pickStatistic`), and pass `{ t: periodStart, v }` samples with `now: end`.
 */
export function trainingWindow(
  alarm: BandAlarmIdentity,
  tickMs: number,
): { start: number; end: number; periodMs: number } {
  const periodMs = alarm.period * 1000;
  const end = tickMs - evaluationRangeLength(alarm) * periodMs;
  return { start: end - alarm.anomalyDetection.trainingDays * DAY_MS, end, periodMs };
}

/** A cache key that changes whenever the model would be trained differently (the metric, statistic, period or settings). */
export function bandModelKey(alarm: BandAlarmIdentity): string {
  const { namespace, metricName, dimensions, statistic, period, anomalyDetection } = alarm;
  const sortedDimensions = Object.fromEntries(
    Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({ namespace, metricName, dimensions: sortedDimensions, statistic, period, anomalyDetection });
}

/**
 * Whether the cached model must be (re)trained at `tickMs`: none yet, trained for another key,
 * or older than {@link RETRAIN_READY_MS} ({@link RETRAIN_INSUFFICIENT_MS} while insufficient),
 * plus a per-alarm offset of up to a tenth of that interval so that many alarms do not all
 * retrain on the same tick.
 */
export function needsRetraining(
  cached: { key: string; model: BandModel } | undefined,
  alarm: BandAlarmIdentity,
  tickMs: number,
): boolean {
  if (cached === undefined || cached.key !== bandModelKey(alarm)) return true;
  const interval = cached.model.status === 'ready' ? RETRAIN_READY_MS : RETRAIN_INSUFFICIENT_MS;
  const { end } = trainingWindow(alarm, tickMs);
  return end - cached.model.trainedAt >= interval + (stableHash(alarm.name) % (interval / 10));
}

function stableHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
