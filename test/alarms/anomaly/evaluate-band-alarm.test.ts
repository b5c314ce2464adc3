import { describe, expect, it } from 'vitest';
import {
  BAND_COMPARISON_OPERATORS,
  evaluateBandAlarm,
  isBandBreaching,
  isBandOperator,
  type BandComparisonOperator,
  type BandEvaluableAlarm,
  type BandPoint,
} from '../../../alarms/evaluate/evaluate-band-alarm.ts';
import { evaluateMetricAlarm } from '../../../alarms/evaluate/evaluate-metric-alarm.ts';
import { parseSeries } from '../../support/series-notation.ts';
import type { AlarmState, TreatMissingData } from '../../../core/types.ts';
import { intBetween, pick, seededRandom } from '../../support/prng.ts';

const alarm = (
  op: BandComparisonOperator,
  m: number,
  n: number,
  treat: TreatMissingData = 'missing',
): BandEvaluableAlarm => ({
  evaluationPeriods: n,
  datapointsToAlarm: m,
  comparisonOperator: op,
  treatMissingData: treat,
});
const at = (value: number | null, lower = 100, upper = 180.3): BandPoint => ({ value, lower, upper });

describe('band operators', () => {
  it('breach below the lower and/or above the upper threshold; the edges do not breach', () => {
    const judge = (op: BandComparisonOperator) => [9, 10, 15, 20, 21].map((v) => isBandBreaching(op, v, 10, 20));
    expect(judge('LessThanLowerOrGreaterThanUpperThreshold')).toEqual([true, false, false, false, true]);
    expect(judge('GreaterThanUpperThreshold')).toEqual([false, false, false, false, true]);
    expect(judge('LessThanLowerThreshold')).toEqual([true, false, false, false, false]);
  });

  it('are recognised by name', () => {
    expect(BAND_COMPARISON_OPERATORS.every(isBandOperator)).toBe(true);
    expect(isBandOperator('GreaterThanThreshold')).toBe(false);
    expect(() => isBandBreaching('Outside' as BandComparisonOperator, 1, 0, 2)).toThrow(TypeError);
  });
});

describe('state reasons in CloudWatch style', () => {
  it('ALARM and OK against the upper thresholds', () => {
    expect(evaluateBandAlarm(alarm('GreaterThanUpperThreshold', 1, 1), [at(250)], 'OK').reason).toBe(
      'Thresholds Crossed: 1 out of the last 1 datapoints [250] was greater than the upper thresholds [180.3] (minimum 1 datapoint for OK -> ALARM transition).',
    );
    expect(evaluateBandAlarm(alarm('GreaterThanUpperThreshold', 1, 1), [at(150)], 'ALARM').reason).toBe(
      'Thresholds Crossed: 1 out of the last 1 datapoints [150] was not greater than the upper thresholds [180.3] (minimum 1 datapoint for ALARM -> OK transition).',
    );
  });

  it('lists each datapoint’s own thresholds, rounded to 6 significant digits', () => {
    const points = [at(50, 60.123456789, 70), at(65, 61, 71), at(80, 62, 72)];
    expect(evaluateBandAlarm(alarm('LessThanLowerOrGreaterThanUpperThreshold', 2, 3), points, 'OK').reason).toBe(
      'Thresholds Crossed: 2 out of the last 3 datapoints [50, 65, 80] were less than the lower thresholds [60.1235, 61, 62] or greater than the upper thresholds [70, 71, 72] (minimum 2 datapoints for OK -> ALARM transition).',
    );
    const ok = [at(65, 60, 70), at(65, 61, 71), at(80, 62, 72)];
    expect(evaluateBandAlarm(alarm('LessThanLowerOrGreaterThanUpperThreshold', 2, 3), ok, 'ALARM').reason).toBe(
      'Thresholds Crossed: 2 out of the last 3 datapoints [65, 65, 80] were neither less than the lower thresholds [60, 61, 62] nor greater than the upper thresholds [70, 71, 72] (minimum 2 datapoints for ALARM -> OK transition).',
    );
  });

  it('missing data: filled datapoints show `-`, and so do thresholds that are unknown', () => {
    expect(
      evaluateBandAlarm(alarm('LessThanLowerThreshold', 2, 3, 'breaching'), [at(50), null, at(null)], 'OK').reason,
    ).toBe(
      'Thresholds Crossed: 3 out of the last 3 datapoints [50, -, -] were less than the lower thresholds [100, -, 100] (minimum 2 datapoints for OK -> ALARM transition). 2 missing datapoints were treated as [Breaching].',
    );
    expect(
      evaluateBandAlarm(alarm('LessThanLowerThreshold', 3, 3), [null, at(120), null, at(50), null], 'OK').reason,
    ).toBe(
      'Thresholds Crossed: 1 out of the last 2 datapoints [120, 50] was not less than the lower thresholds [100, 100], and 1 was less than their lower thresholds, fewer than the minimum 3 datapoints for OK -> ALARM transition; 1 missing datapoint was not filled (treatMissingData: missing).',
    );
    expect(
      evaluateBandAlarm(alarm('LessThanLowerThreshold', 3, 3), [null, null, at(50), null, null], 'OK').reason,
    ).toBe(
      'Thresholds Crossed: 1 out of the last 1 datapoints [50] was less than the lower thresholds [100]; the oldest of them is 3 periods old, at least DatapointsToAlarm (3), and every more recent datapoint is breaching or missing (premature ALARM rule).',
    );
  });
});

describe('M of N and missing data', () => {
  const op = 'LessThanLowerOrGreaterThanUpperThreshold';

  it('2 of 3: two datapoints outside their bands alarm, one does not', () => {
    expect(evaluateBandAlarm(alarm(op, 2, 3), [at(150), at(300), at(50)], 'OK').state).toBe('ALARM');
    expect(evaluateBandAlarm(alarm(op, 2, 3), [at(150), at(300), at(150)], 'ALARM').state).toBe('OK');
  });

  it('a datapoint is judged against its own band, not its neighbours’', () => {
    const drifting = [at(10, 0, 20), at(110, 100, 120), at(210, 200, 220)];
    const result = evaluateBandAlarm(alarm(op, 1, 3), drifting, 'OK');
    expect(result.state).toBe('OK');
    expect(result.datapoints.map((p) => [p.value, p.lower, p.upper, p.breaching])).toEqual([
      [10, 0, 20, false],
      [110, 100, 120, false],
      [210, 200, 220, false],
    ]);
  });

  it('a period without a band (null point, NaN thresholds) is missing, whatever its value', () => {
    const noBand: BandPoint[] = [null, { value: 5000, lower: Number.NaN, upper: Number.NaN }, at(null), at(Number.NaN)];
    const missing = evaluateBandAlarm(alarm(op, 1, 3), noBand, 'OK');
    expect([missing.state, missing.rule]).toEqual(['INSUFFICIENT_DATA', 'all-missing-insufficient']);
    expect(evaluateBandAlarm(alarm(op, 1, 3, 'breaching'), noBand, 'OK').state).toBe('ALARM');
    expect(evaluateBandAlarm(alarm(op, 1, 3, 'notBreaching'), noBand, 'ALARM').state).toBe('OK');
    const ignored = evaluateBandAlarm(alarm(op, 1, 3, 'ignore'), noBand, 'ALARM');
    expect([ignored.state, ignored.rule, ignored.retained]).toEqual(['ALARM', 'ignore-retain', true]);
  });

  it('enough real datapoints: the most recent N real ones decide and treatMissingData is not used', () => {
    const result = evaluateBandAlarm(alarm(op, 2, 3, 'breaching'), [at(300), null, at(150), at(150), at(300)], 'OK');
    expect([result.state, result.rule, result.breachingCount]).toEqual(['OK', 'enough-real-datapoints', 1]);
  });

  it('validates its input', () => {
    expect(() => evaluateBandAlarm(alarm(op, 4, 3), [at(1)], 'OK')).toThrow(RangeError);
    expect(() => evaluateBandAlarm(alarm(op, 0, 3), [at(1)], 'OK')).toThrow(RangeError);
    expect(() => evaluateBandAlarm(alarm(op, 1, 1), [at(1, 5, 4)], 'OK')).toThrow(RangeError);
  });
});

describe('same algorithm as evaluateMetricAlarm', () => {
  const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
  const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
  // A static threshold and a constant band that split the values the same way.
  const pairs = [
    { band: 'GreaterThanUpperThreshold', stat: 'GreaterThanThreshold', lower: -Infinity, upper: 0.5 },
    { band: 'LessThanLowerThreshold', stat: 'LessThanThreshold', lower: 0.5, upper: Infinity },
  ] as const;

  it('gives the same state, rule and datapoints on 2000 random series and the guide tables', () => {
    const random = seededRandom(4_2026);
    const cases = Array.from({ length: 2000 }, () => {
      const n = intBetween(random, 1, 6);
      return {
        n,
        m: intBetween(random, 1, n),
        treat: pick(random, TREATMENTS),
        current: pick(random, STATES),
        pair: pick(random, pairs),
        values: Array.from({ length: intBetween(random, 0, n + 4) }, () => pick(random, [0, 1, null] as const)),
      };
    });
    for (const series of [
      '0 - X - X',
      '0 - - - -',
      '- - - - -',
      '0 X X - X',
      '- - X - -',
      '0 0 X 0 X',
      '0 - X - -',
      '- - - - 0',
      '- - - X -',
    ]) {
      for (const treat of TREATMENTS)
        for (const m of [2, 3])
          cases.push({
            n: 3,
            m,
            treat,
            current: 'OK',
            pair: pairs[0],
            values: parseSeries(series) as Array<0 | 1 | null>,
          });
    }
    for (const { n, m, treat, current, pair, values } of cases) {
      const fixed = evaluateMetricAlarm(
        {
          evaluationPeriods: n,
          datapointsToAlarm: m,
          threshold: 0.5,
          comparisonOperator: pair.stat,
          treatMissingData: treat,
        },
        values,
        current,
      );
      const banded = evaluateBandAlarm(
        alarm(pair.band, m, n, treat),
        values.map((v) => ({ value: v, lower: pair.lower, upper: pair.upper })),
        current,
      );
      const label = JSON.stringify({ n, m, treat, current, op: pair.band, values });
      expect([banded.state, banded.rule, banded.retained, banded.breachingCount], label).toEqual([
        fixed.state,
        fixed.rule,
        fixed.retained,
        fixed.breachingCount,
      ]);
      expect(
        banded.datapoints.map(({ index, value, filled, breaching }) => ({ index, value, filled, breaching })),
        label,
      ).toEqual(fixed.datapoints);
    }
  });
});
