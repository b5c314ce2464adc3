import { afterAll, describe, expect, it } from 'vitest';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';
import type { RunRecord } from '../../core/types.ts';
import { runMetricIds, runMetrics } from '../../runner/run-metrics.ts';
import { testStore } from '../metrics/store-support.ts';

const T0 = Date.parse('2026-11-27T10:00:00Z');

function record(durationMs: number, endedAt: number, status: RunRecord['status'] = 'PASSED'): RunRecord {
  return {
    id: 'repeat:www:1-a1',
    canary: 'www',
    blueprint: 'heartbeat',
    status,
    reason: '',
    steps: [],
    artifacts: [],
    details: {},
    startedAt: new Date(endedAt - durationMs).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationMs,
    worker: 'test:1',
    attempt: 1,
  };
}

describe('metric de-duplication by run id (real Redis)', () => {
  const t = testStore('rundedup');
  afterAll(() => t.close());

  it('stores a re-run of the same run id once, with the first run’s values, whatever the second measured', async () => {
    const first = runMetrics(record(1200, T0 + 5000));
    await t.store.put(first, runMetricIds('repeat:www:1-a1', first));
    // The same run id re-run by another worker (stalled job): it ends later, took longer and even failed.
    const again = runMetrics(record(4800, T0 + 9000, 'FAILED'));
    await t.store.put(again, runMetricIds('repeat:www:1-a1', again));

    const dims = { CanaryName: 'www' };
    const duration = await t.store.samples(
      { namespace: CANARY_NAMESPACE, metricName: 'Duration', dimensions: dims },
      T0,
      T0 + 60_000,
    );
    expect(duration).toEqual([{ t: T0 + 5000, v: 1200 }]);
    const success = await t.store.samples(
      { namespace: CANARY_NAMESPACE, metricName: 'SuccessPercent', dimensions: dims },
      T0,
      T0 + 60_000,
    );
    expect(success).toEqual([{ t: T0 + 5000, v: 100 }]);
  });

  it('keeps datapoints of different run ids and datapoints written without ids', async () => {
    const s = { namespace: 'Dedup', metricName: 'm', dimensions: {} };
    const d = { ...s, unit: 'None' as const };
    await t.store.put([{ ...d, timestamp: T0, value: 1 }], ['run-a:0']);
    await t.store.put([{ ...d, timestamp: T0 + 1, value: 2 }], ['run-a:0']);
    await t.store.put([{ ...d, timestamp: T0 + 2, value: 3 }], ['run-b:0']);
    await t.store.put([{ ...d, timestamp: T0 + 3, value: 4 }]);
    await t.store.put([{ ...d, timestamp: T0 + 3, value: 4 }]);
    expect((await t.store.samples(s, T0, T0 + 10)).map((x) => x.v)).toEqual([1, 3, 4, 4]);
  });
});
