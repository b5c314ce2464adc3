import { describe, expect, it } from 'vitest';
import type { AlarmState, TreatMissingData } from '../../core/types.ts';
import { EVALUATION_RULES, evaluateMetricAlarm } from '../../alarms/evaluate/evaluate-metric-alarm.ts';
import { seriesAlarm } from '../support/series-notation.ts';
import { intBetween, pick, seededRandom } from '../support/prng.ts';

const TREATMENTS: readonly TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

describe('evaluator invariants over random series (seeded)', () => {
  const random = seededRandom(20_261_127);
  const cases = Array.from({ length: 2000 }, () => {
    const n = intBetween(random, 1, 6);
    const m = intBetween(random, 1, n);
    const length = intBetween(random, 0, n + 4);
    const values = Array.from({ length }, () => pick(random, [0, 1, null] as const));
    return { n, m, values, treat: pick(random, TREATMENTS), current: pick(random, STATES) };
  });

  it('every result is consistent', () => {
    for (const { n, m, values, treat, current } of cases) {
      const result = evaluateMetricAlarm(seriesAlarm(m, n, treat), values, current);
      const label = JSON.stringify({
        n,
        m,
        values,
        treat,
        current,
        result: { state: result.state, rule: result.rule },
      });
      expect(EVALUATION_RULES, label).toContain(result.rule);
      expect(result.breachingCount, label).toBe(result.datapoints.filter((p) => p.breaching).length);
      expect(result.retained, label).toBe(result.rule === 'ignore-retain');
      if (result.retained) expect(result.state, label).toBe(current);
      if (treat !== 'ignore') expect(result.retained, label).toBe(false);
      if (treat !== 'missing')
        expect(['all-missing-insufficient', 'partial-data-insufficient', 'premature-alarm'], label).not.toContain(
          result.rule,
        );
      if (treat === 'breaching' || treat === 'notBreaching') expect(result.datapoints, label).toHaveLength(n);
      if (['no-missing-data', 'enough-real-datapoints', 'filled-missing-data'].includes(result.rule)) {
        expect(result.datapoints, label).toHaveLength(n);
        expect(result.state, label).toBe(result.breachingCount >= m ? 'ALARM' : 'OK');
      }
      const indexes = result.datapoints.map((p) => p.index);
      expect(indexes, label).toEqual([...indexes].sort((a, b) => a - b));
      for (const p of result.datapoints) expect(p.filled === null, label).toBe(p.value !== null);
      expect(result.reason.length, label).toBeGreaterThan(0);
    }
  });

  it('with at least N real datapoints, treatMissingData makes no difference', () => {
    for (const { n, m, values, current } of cases) {
      if (values.filter((v) => v !== null).length < n) continue;
      const states = TREATMENTS.map((t) => evaluateMetricAlarm(seriesAlarm(m, n, t), values, current).state);
      expect(new Set(states).size).toBe(1);
    }
  });

  it('breaching never gives a lower state than notBreaching', () => {
    for (const { n, m, values, current } of cases) {
      const bad = evaluateMetricAlarm(seriesAlarm(m, n, 'breaching'), values, current).state;
      const good = evaluateMetricAlarm(seriesAlarm(m, n, 'notBreaching'), values, current).state;
      if (good === 'ALARM') expect(bad).toBe('ALARM');
    }
  });
});
