import { describe, expect, it } from 'vitest';
import { bandAt, trainBandModel, type TrainingSample } from '../../../alarms/anomaly/band-model.ts';
import { bandPoints } from '../../../alarms/anomaly/band-series.ts';
import { evaluateBandAlarm } from '../../../alarms/evaluate/evaluate-band-alarm.ts';
import { DAY, HOUR, MINUTE, NOW, gaussian, series } from './fixtures/synthetic.ts';

const constant = (value: number, from = NOW - 14 * DAY): TrainingSample[] =>
  Array.from({ length: (NOW - from) / MINUTE }, (_, k) => ({ t: from + k * MINUTE, v: value }));
const outsideAlarm = {
  evaluationPeriods: 5,
  datapointsToAlarm: 1,
  comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
} as const;

describe('too little data', () => {
  it('fewer than 12 datapoints, or less than an hour of them, is insufficient: no band', () => {
    for (const samples of [series(NOW - 11 * MINUTE, NOW), series(NOW - 59 * MINUTE, NOW), []]) {
      const model = trainBandModel(samples, { now: NOW });
      expect(model.status).toBe('insufficient');
      expect(model.explanation).toMatch(
        /^Insufficient data: \d+ usable datapoints spanning .*; a band needs at least 12 spanning 1 h\.$/,
      );
      expect(bandAt(model, NOW)).toBeNull();
    }
    expect(trainBandModel(series(NOW - HOUR - MINUTE, NOW), { now: NOW }).status).toBe('ready');
  });

  it('an insufficient model makes every datapoint missing for the evaluator', () => {
    const model = trainBandModel(series(NOW - 30 * MINUTE, NOW), { now: NOW });
    const points = bandPoints(model, NOW, MINUTE, [100, 5000, 100, 100, 100]);
    expect(points).toEqual([null, null, null, null, null]);
    expect(evaluateBandAlarm({ ...outsideAlarm, treatMissingData: 'missing' }, points, 'OK').state).toBe(
      'INSUFFICIENT_DATA',
    );
    const ignored = evaluateBandAlarm({ ...outsideAlarm, treatMissingData: 'ignore' }, points, 'ALARM');
    expect([ignored.state, ignored.retained]).toEqual(['ALARM', true]);
  });

  it('datapoints outside the training window, and non-finite ones, are not used', () => {
    const samples = [...series(NOW - 2 * HOUR, NOW + HOUR), { t: NOW - HOUR, v: Number.NaN }, { t: Number.NaN, v: 1 }];
    const model = trainBandModel(samples, { now: NOW, trainingMs: HOUR });
    expect(model.sampleCount).toBe(60);
    expect(model.trainingStart).toBe(NOW - HOUR);
  });

  it('a seasonality asked for without enough cycles falls back to the coarser layers (here: none)', () => {
    const model = trainBandModel(series(NOW - 3 * HOUR, NOW), { now: NOW, seasonality: 'weekly' });
    expect(model.status).toBe('ready');
    expect(model.layers.flatMap((l) => l.effects).every((e) => e === 0)).toBe(true);
    const b = bandAt(model, NOW + 10 * MINUTE);
    expect(b).not.toBeNull();
    expect(b!.upper - b!.lower).toBeGreaterThan(0);
  });
});

describe('constant series', () => {
  it('does not give a zero-width band that alarms on tiny noise', () => {
    const model = trainBandModel(constant(100), { now: NOW });
    const b = bandAt(model, NOW + HOUR)!;
    expect(b.expected).toBe(100);
    expect(b.upper - b.lower).toBeGreaterThan(0);
    expect(model.spreadFloor).toBe(1); // 1% of the typical value

    const noise = gaussian(7);
    const wobble = Array.from({ length: 5 }, () => 100 + 0.05 * noise());
    const alarm = { ...outsideAlarm, treatMissingData: 'missing' } as const;
    expect(evaluateBandAlarm(alarm, bandPoints(model, NOW, MINUTE, wobble), 'OK').state).toBe('OK');
    expect(evaluateBandAlarm(alarm, bandPoints(model, NOW, MINUTE, [100, 100, 100, 100, 90]), 'OK').state).toBe(
      'ALARM',
    );
  });

  it('a series stuck at 0 gets a tiny but non-zero band; minSpread says what counts as noise', () => {
    const zero = trainBandModel(constant(0), { now: NOW });
    const b = bandAt(zero, NOW)!;
    expect(b.upper).toBeGreaterThan(0);
    expect(b.lower).toBeLessThan(0);
    expect(bandAt(trainBandModel(constant(0), { now: NOW, minSpread: 0.5 }), NOW)).toEqual({
      expected: 0,
      lower: -1,
      upper: 1,
    });
  });

  it('a mostly constant series with rare deviations still gets a spread from them', () => {
    const samples = constant(100).map((p, k) => (k % 50 === 0 ? { t: p.t, v: 0 } : p));
    const model = trainBandModel(samples, { now: NOW, seasonality: 'none' });
    const b = bandAt(model, NOW)!;
    expect(b.expected).toBe(100);
    expect(b.lower).toBeGreaterThan(0); // a drop to 0 stays anomalous
    expect(b.upper - b.lower).toBeGreaterThan(4 * model.spreadFloor);
  });
});

describe('recent level', () => {
  it('follows a lasting shift within a day when the model knows the weekly cycle', () => {
    const shiftAt = NOW - 20 * HOUR;
    const samples = series(NOW - 14 * DAY, NOW, { truth: (t) => (t >= shiftAt ? 120 : 100), sd: 2 });
    const model = trainBandModel(samples, { now: NOW, seasonality: 'weekly' });
    expect(model.level).toBeGreaterThan(15);
    const b = bandAt(model, NOW + HOUR)!;
    expect(120).toBeGreaterThan(b.lower);
    expect(120).toBeLessThan(b.upper);
  });
});

describe('the model', () => {
  it('survives a JSON round trip (it can be cached)', () => {
    const model = trainBandModel(series(NOW - 3 * DAY, NOW), { now: NOW });
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    for (const t of [NOW, NOW + 5 * HOUR + 17 * MINUTE, NOW + 40 * HOUR])
      expect(bandAt(copy, t)).toEqual(bandAt(model, t));
  });

  it('is deterministic and does not mutate its input', () => {
    const samples = Object.freeze(series(NOW - 2 * DAY, NOW).map((s) => Object.freeze(s)));
    expect(trainBandModel(samples, { now: NOW })).toEqual(trainBandModel(samples, { now: NOW }));
  });

  it.each([
    [{ now: Number.NaN }],
    [{ now: NOW, trainingMs: 0 }],
    [{ now: NOW, width: 0 }],
    [{ now: NOW, width: Number.POSITIVE_INFINITY }],
    [{ now: NOW, minSpread: -1 }],
    [{ now: NOW, seasonality: 'monthly' as 'none' }],
  ])('rejects invalid options %o', (options) => {
    expect(() => trainBandModel([], options)).toThrow(RangeError);
  });
});
