import { describe, expect, it } from 'vitest';
import { bandAt, trainBandModel, type BandModel } from '../../../alarms/anomaly/band-model.ts';
import type { TrainingSample } from '../../../alarms/anomaly/band-model.ts';
import { DAY, HOUR, MINUTE, NOW, series } from './fixtures/synthetic.ts';

const inside = (model: BandModel, samples: readonly TrainingSample[], width?: number) =>
  samples.filter((p) => {
    const b = bandAt(model, p.t, width);
    return b !== null && p.v >= b.lower && p.v <= b.upper;
  }).length / samples.length;

const dailyOnly = (t: number) => 100 + 30 * Math.sin((2 * Math.PI * ((t % DAY) / HOUR - 8)) / 24);
/** A job at the top of every hour: 5 minutes 40 higher. */
const hourlyJob = (t: number) => 50 + (t % HOUR < 5 * MINUTE ? 40 : 0);

describe("seasonality 'auto'", () => {
  it.each([
    ['pure noise', () => 10, 'none'],
    ['an hourly job', hourlyJob, 'hourly'],
    ['a daily cycle', dailyOnly, 'daily'],
  ] as const)('picks the simplest seasonality that explains %s', (_, truth, expected) => {
    const model = trainBandModel(series(NOW - 14 * DAY, NOW, { truth }), { now: NOW });
    expect(model.seasonality).toBe(expected);
    expect(inside(model, series(NOW, NOW + 2 * DAY, { truth, seed: 9 }), 3)).toBeGreaterThanOrEqual(0.99);
  });

  it.each([5, 15, 60])('with one datapoint every %i minutes the band is not overfitted', (minutes) => {
    const step = minutes * MINUTE;
    const model = trainBandModel(series(NOW - 14 * DAY, NOW, { step }), { now: NOW });
    expect(model.seasonality).toBe('weekly');
    // With two weeks of hourly data each hour of the week was seen twice: the spread is learned
    // from held-out weeks, so it is honest (here even a little conservative), not the in-sample fit.
    expect(inside(model, series(NOW, NOW + 14 * DAY, { step, seed: 4 }), 3)).toBeGreaterThanOrEqual(0.99);
  });
});
