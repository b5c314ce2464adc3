import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord, RunStatus } from '../../core/types.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { parsePromText, type PromText } from './support/prom-text.ts';

function run(id: string, status: RunStatus, stepMs: [number, number]): RunRecord {
  const at = new Date(Date.parse('2030-01-01T00:00:00Z') + Number(id.replace(/\D/g, '')) * 1000).toISOString();
  const step = (name: string, durationMs: number, s: RunStatus) => ({
    name,
    status: s,
    startedAt: at,
    endedAt: at,
    durationMs,
  });
  return {
    id,
    canary: 'www-home',
    blueprint: 'api',
    startedAt: at,
    endedAt: at,
    durationMs: stepMs[0] + stepMs[1],
    worker: 'test:1',
    attempt: 1,
    status,
    reason: status,
    steps: [step('home', stepMs[0], 'PASSED'), step('login', stepMs[1], status)],
    artifacts: [],
    details: {},
  };
}

describe('Prometheus /metrics, scraped and parsed', () => {
  const prefix = testPrefix('prom');
  let api: ApiFixture;
  const scrape = async (): Promise<PromText> => {
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePromText(await res.text());
  };

  beforeAll(async () => {
    api = await startApiFixture({ redisUrl: TEST_REDIS_URL, prefix });
  });
  afterAll(async () => {
    await api?.close();
    await deletePrefix(prefix);
  });

  it('declares canarykit_canary_runs_total a counter, monotonic across scrapes and counted once per run id', async () => {
    const empty = await scrape();
    expect(empty.types.get('canarykit_canary_runs_total')).toBe('counter');
    expect(empty.value('canarykit_canary_runs_total', { canary: 'www-home', status: 'PASSED' })).toBe(0);
    await api.runs.save(run('r1', 'PASSED', [10, 20]));
    await api.runs.save(run('r2', 'FAILED', [30, 40]));
    const first = await scrape();
    expect(first.value('canarykit_canary_runs_total', { canary: 'www-home', status: 'PASSED' })).toBe(1);
    expect(first.value('canarykit_canary_runs_total', { canary: 'www-home', status: 'FAILED' })).toBe(1);
    await api.runs.save(run('r2', 'FAILED', [30, 40]));
    await api.runs.save(run('r3', 'FAILED', [50, 60]));
    const second = await scrape();
    expect(second.value('canarykit_canary_runs_total', { canary: 'www-home', status: 'FAILED' })).toBe(2);
    for (const s of first.find('canarykit_canary_runs_total'))
      expect(second.value(s.name, s.labels)).toBeGreaterThanOrEqual(s.value);
  });

  it('reports the latest run, and per-step success and duration', async () => {
    const t = await scrape();
    expect(t.types.get('canarykit_canary_success')).toBe('gauge');
    expect(t.value('canarykit_canary_success', { canary: 'www-home' })).toBe(0);
    expect(t.value('canarykit_canary_duration_seconds', { canary: 'www-home' })).toBeCloseTo(0.11);
    expect(t.value('canarykit_canary_last_run_timestamp_seconds', { canary: 'www-home' })).toBe(
      Date.parse('2030-01-01T00:00:03Z') / 1000,
    );
    expect(t.types.get('canarykit_canary_step_success')).toBe('gauge');
    expect(t.value('canarykit_canary_step_success', { canary: 'www-home', step: 'home' })).toBe(1);
    expect(t.value('canarykit_canary_step_success', { canary: 'www-home', step: 'login' })).toBe(0);
    expect(t.value('canarykit_canary_step_duration_seconds', { canary: 'www-home', step: 'login' })).toBeCloseTo(0.06);
  });

  it('has every alarm in canarykit_alarm_state, composites included, with exactly one state at 1', async () => {
    await api.control.setState('shop-down', 'ALARM', 'test');
    const t = await scrape();
    for (const alarm of ['www-down', 'cart-errors', 'shop-down']) {
      const states = t.find('canarykit_alarm_state', { alarm });
      expect(states.map((s) => s.labels.state).sort(), alarm).toEqual(['ALARM', 'INSUFFICIENT_DATA', 'OK']);
      expect(
        states.filter((s) => s.value === 1),
        alarm,
      ).toHaveLength(1);
    }
    expect(t.value('canarykit_alarm_state', { alarm: 'shop-down', state: 'ALARM' })).toBe(1);
  });

  it('reports when each alarm was last evaluated (the engine lag is time() minus it)', async () => {
    const at = '2030-01-02T00:00:00.000Z';
    await api.alarmStates.recordEvaluations([{ name: 'cart-errors', trace: {}, at }]);
    const t = await scrape();
    expect(t.value('canarykit_alarm_last_evaluated_timestamp_seconds', { alarm: 'cart-errors' })).toBe(
      Date.parse(at) / 1000,
    );
  });

  it('reports each DNS failover record with 1 for its current side', async () => {
    await api.dns.setSide('www.demo.test', 'secondary', {
      alarm: 'www-down',
      transitionId: 't1',
      reason: 'test',
      action: 'www-failover',
    });
    const t = await scrape();
    expect(t.value('canarykit_dns_record_side', { record: 'www.demo.test', side: 'secondary' })).toBe(1);
    expect(t.value('canarykit_dns_record_side', { record: 'www.demo.test', side: 'primary' })).toBe(0);
    expect(t.value('canarykit_dns_record_side', { record: 'api.demo.test', side: 'primary' })).toBe(1);
  });
});
