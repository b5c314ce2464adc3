import { describe, expect, it } from 'vitest';
import { parseStatistic } from '../../metrics/statistic-name.ts';

describe('parseStatistic', () => {
  it('accepts the basic statistics, percentiles and trimmed means', () => {
    for (const s of ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'])
      expect(parseStatistic(s)).toEqual({ kind: 'basic', name: s });
    expect(parseStatistic('p99')).toEqual({ kind: 'percentile', name: 'p99', percentile: 99 });
    expect(parseStatistic('p99.9')).toMatchObject({ percentile: 99.9 });
    expect(parseStatistic('p0')).toMatchObject({ percentile: 0 });
    expect(parseStatistic('p100')).toMatchObject({ percentile: 100 });
    expect(parseStatistic('p99.9999999999')).toMatchObject({ percentile: 99.9999999999 });
    expect(parseStatistic('tm90')).toEqual({
      kind: 'trimmedMean',
      name: 'tm90',
      lower: null,
      upper: { value: 90, percent: true },
    });
    expect(parseStatistic('TM(10%:90%)')).toEqual({
      kind: 'trimmedMean',
      name: 'TM(10%:90%)',
      lower: { value: 10, percent: true },
      upper: { value: 90, percent: true },
    });
    expect(parseStatistic('TM(150:1000)')).toMatchObject({
      lower: { value: 150, percent: false },
      upper: { value: 1000, percent: false },
    });
    expect(parseStatistic('TM(-5.5:)')).toMatchObject({ lower: { value: -5.5, percent: false }, upper: null });
    expect(parseStatistic('TM(:99%)')).toMatchObject({ lower: null, upper: { value: 99, percent: true } });
    expect(parseStatistic('IQM')).toMatchObject({
      lower: { value: 25, percent: true },
      upper: { value: 75, percent: true },
    });
  });

  it('rejects anything else with the reason', () => {
    const bad: Array<[string, RegExp]> = [
      ['average', /unknown statistic/],
      ['p101', /above 100/],
      ['p', /not a number/],
      ['p-1', /not a number/],
      ['p99.12345678901', /up to 10 decimals/],
      ['p1e2', /not a number/],
      ['tm0', /keeps no samples/],
      ['TM(10%:5%)', /lower bound must be below/],
      ['TM(10%:500)', /both bounds must be percentages/],
      ['TM(:)', /at least one bound/],
      ['TM(1:2:3)', /exactly one ":"/],
      ['TM(abc:1)', /not a number or a percentage/],
      ['TM(0%:101%)', /not a percentage from 0% to 100%/],
      ['wm98', /unknown statistic/],
      ['', /unknown statistic/],
    ];
    for (const [s, why] of bad) expect(() => parseStatistic(s), s).toThrow(why);
  });
});
