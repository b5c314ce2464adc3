import { describe, expect, it } from 'vitest';
import { bandAt, trainBandModel } from '../../../alarms/anomaly/band-model.ts';
import { MAX_BAND_SERIES_POINTS, bandPoints, bandSeries, periodSamples } from '../../../alarms/anomaly/band-series.ts';
import { DAY, HOUR, MINUTE, NOW, series } from './fixtures/synthetic.ts';

const model = trainBandModel(series(NOW - 3 * DAY, NOW), { now: NOW });

describe('bandSeries', () => {
  it('gives the band at every period start in [start, end), aligned to the period', () => {
    const points = bandSeries(model, { start: NOW + 90_000, end: NOW + HOUR, periodMs: 5 * MINUTE });
    expect(points.map((p) => (p.timestamp - NOW) / MINUTE)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    for (const p of points) {
      expect({ expected: p.expected, lower: p.lower, upper: p.upper }).toEqual(bandAt(model, p.timestamp));
      expect(p.lower).toBeLessThan(p.expected);
      expect(p.upper).toBeGreaterThan(p.expected);
    }
  });

  it('can plot another width', () => {
    const [narrow] = bandSeries(model, { start: NOW, end: NOW + MINUTE, periodMs: MINUTE });
    const [wide] = bandSeries(model, { start: NOW, end: NOW + MINUTE, periodMs: MINUTE }, 4);
    expect(wide!.upper - wide!.lower).toBeCloseTo(2 * (narrow!.upper - narrow!.lower), 9);
  });

  it('is empty for an insufficient model or an empty range', () => {
    const insufficient = trainBandModel([], { now: NOW });
    expect(bandSeries(insufficient, { start: NOW, end: NOW + HOUR, periodMs: MINUTE })).toEqual([]);
    expect(bandSeries(model, { start: NOW, end: NOW, periodMs: MINUTE })).toEqual([]);
  });

  it('refuses huge or malformed requests', () => {
    expect(() =>
      bandSeries(model, { start: NOW, end: NOW + (MAX_BAND_SERIES_POINTS + 1) * MINUTE, periodMs: MINUTE }),
    ).toThrow(RangeError);
    expect(() => bandSeries(model, { start: NOW, end: NOW + HOUR, periodMs: 0 })).toThrow(RangeError);
    expect(() => bandSeries(model, { start: Number.NaN, end: NOW, periodMs: MINUTE })).toThrow(RangeError);
  });
});

describe('per-period helpers', () => {
  it('periodSamples turns per-period values into training samples, skipping missing ones', () => {
    expect(periodSamples(1_000, 60_000, [5, null, 7, Number.NaN])).toEqual([
      { t: 1_000, v: 5 },
      { t: 121_000, v: 7 },
    ]);
  });

  it('bandPoints pairs each period value with the band at its start', () => {
    const points = bandPoints(model, NOW, MINUTE, [100, null]);
    const first = bandAt(model, NOW)!;
    const second = bandAt(model, NOW + MINUTE)!;
    expect(points).toEqual([
      { value: 100, lower: first.lower, upper: first.upper },
      { value: null, lower: second.lower, upper: second.upper },
    ]);
  });
});
