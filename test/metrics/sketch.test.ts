import { describe, expect, it } from 'vitest';
import {
  addStatisticSet,
  addValue,
  binKey,
  binValue,
  decodeSummary,
  emptySummary,
  encodeSummary,
  mergeSummary,
  SKETCH_RELATIVE_ACCURACY,
  summaryPoints,
} from '../../metrics/sketch.ts';
import { rng } from './reference.ts';

describe('the roll-up sketch', () => {
  it("reads every value back within 1 % relative error, across CloudWatch's whole range", () => {
    const r = rng(1);
    const samples = [0, 1, -1, 2 ** 360, -(2 ** 360), 2 ** -360, 1e-9, 123.456];
    for (let i = 0; i < 20_000; i++) samples.push((r() < 0.5 ? -1 : 1) * 10 ** (r() * 200 - 100));
    for (const v of samples) {
      const back = binValue(binKey(v));
      expect(Math.abs(back - v), String(v)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(v) * (1 + 1e-9));
    }
  });

  it('keeps bins in value order, so ranks are preserved', () => {
    const values = [-1000, -3, -0.5, 0, 0.5, 3, 1000];
    const reps = values.map((v) => binValue(binKey(v)));
    expect([...reps].sort((a, b) => a - b)).toEqual(reps);
  });

  it('round-trips through its text form and merges additively', () => {
    const a = emptySummary();
    [1, 2, 2, 300.5, -4].forEach((v) => addValue(a, v));
    addValue(a, 7, 2.5);
    const b = emptySummary();
    addStatisticSet(b, { sampleCount: 3, sum: 30, minimum: 10, maximum: 10 });
    addStatisticSet(b, { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 });
    const back = decodeSummary(encodeSummary(a));
    expect(back).toEqual(a);
    mergeSummary(back, b);
    expect(back).toMatchObject({ n: 12.5, sum: 1 + 2 + 2 + 300.5 - 4 + 17.5 + 33, min: -4, max: 300.5, opaque: 2 });
    expect(summaryPoints(back)).toBeNull();
    expect(summaryPoints(a)?.reduce((s, [, w]) => s + w, 0)).toBe(7.5);
  });
});
