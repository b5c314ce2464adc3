import { describe, expect, it } from 'vitest';
import { anomalyDetectionSchema } from '../../../alarms/anomaly/anomaly-schema.ts';
import { trainBandModel } from '../../../alarms/anomaly/band-model.ts';
import {
  RETRAIN_INSUFFICIENT_MS,
  RETRAIN_READY_MS,
  bandModelKey,
  needsRetraining,
  trainingWindow,
  type BandAlarmIdentity,
} from '../../../alarms/anomaly/training-plan.ts';
import { DAY, HOUR, MINUTE, NOW, series } from './fixtures/synthetic.ts';

const alarm: BandAlarmIdentity = {
  name: 'latency-anomaly',
  namespace: 'CanaryKit',
  metricName: 'Duration',
  dimensions: { CanaryName: 'www' },
  statistic: 'Average',
  period: 60,
  evaluationPeriods: 3,
  anomalyDetection: anomalyDetectionSchema.parse({}),
};

describe('training plan', () => {
  it('trains on trainingDays of history ending where the evaluation range starts', () => {
    expect(trainingWindow(alarm, NOW)).toEqual({
      start: NOW - 5 * MINUTE - 14 * DAY,
      end: NOW - 5 * MINUTE,
      periodMs: MINUTE,
    });
  });

  it('the cache key follows everything the model depends on, and not dimension order', () => {
    expect(bandModelKey({ ...alarm, dimensions: { B: '2', A: '1' } })).toBe(
      bandModelKey({ ...alarm, dimensions: { A: '1', B: '2' } }),
    );
    expect(bandModelKey({ ...alarm, statistic: 'Maximum' })).not.toBe(bandModelKey(alarm));
    expect(bandModelKey({ ...alarm, anomalyDetection: { ...alarm.anomalyDetection, width: 3 } })).not.toBe(
      bandModelKey(alarm),
    );
  });

  it('retrains a ready model hourly (plus a per-alarm offset), an insufficient one every 5 minutes', () => {
    const key = bandModelKey(alarm);
    const trainAt = (tick: number, samples = series(tick - 3 * DAY, tick)) => {
      const { end } = trainingWindow(alarm, tick);
      return { key, model: trainBandModel(samples, { now: end }) };
    };
    expect(needsRetraining(undefined, alarm, NOW)).toBe(true);
    const ready = trainAt(NOW);
    expect(ready.model.status).toBe('ready');
    expect(needsRetraining(ready, alarm, NOW + 59 * MINUTE)).toBe(false);
    expect(needsRetraining(ready, alarm, NOW + RETRAIN_READY_MS + RETRAIN_READY_MS / 10)).toBe(true);
    expect(needsRetraining({ ...ready, key: 'other' }, alarm, NOW + MINUTE)).toBe(true);

    const insufficient = trainAt(NOW, []);
    expect(insufficient.model.status).toBe('insufficient');
    expect(needsRetraining(insufficient, alarm, NOW + MINUTE)).toBe(false);
    expect(needsRetraining(insufficient, alarm, NOW + RETRAIN_INSUFFICIENT_MS + RETRAIN_INSUFFICIENT_MS / 10)).toBe(
      true,
    );
    expect(HOUR).toBe(RETRAIN_READY_MS);
  });
});
