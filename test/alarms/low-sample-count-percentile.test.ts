import { describe, expect, it } from 'vitest';
import {
  decideLowSampleCountPercentile,
  minimumPercentileSampleCount,
} from '../../alarms/evaluate/low-sample-count-percentile.ts';

describe('percentiles with low sample counts', () => {
  it.each([
    [99, 1000],
    [99.9, 10000],
    [90, 100],
    [50, 20],
    [10, 100],
    [0.5, 2000],
    [0, 0],
    [100, 0],
  ])('p%s needs %s samples', (p, minimum) => {
    expect(minimumPercentileSampleCount(p)).toBe(minimum);
  });

  it('ignore retains the state below the minimum and evaluates at it', () => {
    expect(decideLowSampleCountPercentile('ignore', 99, 999)).toMatchObject({
      action: 'retain',
      lowSampleCount: true,
      minimumSampleCount: 1000,
    });
    expect(decideLowSampleCountPercentile('ignore', 99, 1000)).toMatchObject({
      action: 'evaluate',
      lowSampleCount: false,
    });
    expect(decideLowSampleCountPercentile('ignore', 99.9, 10000).action).toBe('evaluate');
  });

  it('evaluate always evaluates but still reports the low sample count', () => {
    const decision = decideLowSampleCountPercentile('evaluate', 99, 3);
    expect(decision).toMatchObject({ action: 'evaluate', lowSampleCount: true });
    expect(decision.reason).toContain('3 samples are fewer than the 1000 needed for p99');
  });

  it('explains a retained evaluation', () => {
    expect(decideLowSampleCountPercentile('ignore', 50, 0).reason).toBe(
      '0 samples are fewer than the 20 needed for p50; retaining the current state (EvaluateLowSampleCountPercentile: ignore).',
    );
  });

  it('rejects bad arguments', () => {
    expect(() => minimumPercentileSampleCount(101)).toThrow(RangeError);
    expect(() => minimumPercentileSampleCount(Number.NaN)).toThrow(RangeError);
    expect(() => decideLowSampleCountPercentile('skip' as 'ignore', 99, 1)).toThrow(RangeError);
    expect(() => decideLowSampleCountPercentile('ignore', 99, -1)).toThrow(RangeError);
  });
});
