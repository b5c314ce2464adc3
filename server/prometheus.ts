import { Gauge, Registry } from 'prom-client';
import type { AlarmState } from '../core/types.ts';
import type { ApiDeps } from './api-deps.ts';

const STATES: AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/**
 * A Prometheus registry whose gauges are filled from Redis at scrape time (call `refresh()` first),
 * so every process that serves the API reports the same figures.
 */
export function createPrometheusRegistry(deps: ApiDeps): { registry: Registry; refresh(): Promise<void> } {
  const registry = new Registry();
  const success = new Gauge({
    name: 'canarykit_canary_success',
    help: '1 if the latest run passed, 0 if it failed or errored',
    labelNames: ['canary'],
    registers: [registry],
  });
  const duration = new Gauge({
    name: 'canarykit_canary_duration_seconds',
    help: 'Duration of the latest run',
    labelNames: ['canary'],
    registers: [registry],
  });
  const runs = new Gauge({
    name: 'canarykit_canary_runs_total',
    help: 'Runs recorded, by status',
    labelNames: ['canary', 'status'],
    registers: [registry],
  });
  const alarm = new Gauge({
    name: 'canarykit_alarm_state',
    help: "1 for the alarm's current state, 0 for the others",
    labelNames: ['alarm', 'state'],
    registers: [registry],
  });
  return {
    registry,
    async refresh() {
      success.reset();
      duration.reset();
      runs.reset();
      alarm.reset();
      const canaries = deps.canaries();
      const latest = await Promise.all(canaries.map((c) => deps.runs.list({ canary: c.name, limit: 1 })));
      canaries.forEach((c, i) => {
        const run = latest[i]?.[0];
        if (!run) return;
        success.set({ canary: c.name }, run.status === 'PASSED' ? 1 : 0);
        duration.set({ canary: c.name }, run.durationMs / 1000);
      });
      for (const [canary, byStatus] of Object.entries(await deps.runs.counts())) {
        for (const status of ['PASSED', 'FAILED', 'ERROR']) runs.set({ canary, status }, byStatus[status] ?? 0);
      }
      const alarms = deps.alarms();
      const states = await deps.alarmStates.getMany(alarms.map((a) => a.name));
      alarms.forEach((a, i) => {
        for (const s of STATES) alarm.set({ alarm: a.name, state: s }, states[i]?.state === s ? 1 : 0);
      });
    },
  };
}
