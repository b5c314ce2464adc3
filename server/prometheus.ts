import { Counter, Gauge, Registry } from 'prom-client';
import { ActionOutcomeCounts, type ActionOutcomeCount } from '../actions/pipeline/outcome-counts.ts';
import { readEngineTick, type EngineTickFigures } from '../alarms/alarm-engine.ts';
import type { DnsSide } from '../core/dns-provider.ts';
import type { AlarmState, RunRecord } from '../core/types.ts';
import type { ApiDeps } from './api-deps.ts';

const STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const RUN_STATUSES = ['PASSED', 'FAILED', 'ERROR'] as const;
const SIDES: readonly DnsSide[] = ['primary', 'secondary'];

/** What one scrape reports, read from Redis (so every API process reports the same figures). */
export interface PrometheusSnapshot {
  latest: Array<{ canary: string; run: RunRecord | undefined }>;
  /** Runs per canary and status, counted once per run id: only ever grows. */
  counts: Record<string, Record<string, number>>;
  alarms: Array<{ name: string; state: AlarmState | undefined; lastEvaluatedAt: string | undefined }>;
  dns: Array<{ record: string; side: DnsSide }>;
  /** Action outcomes, counted once per (transition, action): only ever grows. */
  actions: ActionOutcomeCount[];
  /** The last tick an alarm engine evaluated, if any. */
  engine: EngineTickFigures | undefined;
}

export async function collectPrometheusSnapshot(deps: ApiDeps): Promise<PrometheusSnapshot> {
  const canaries = deps.canaries().map((c) => c.name);
  const names = [...deps.alarms().map((a) => a.name), ...deps.composites().map((c) => c.name)];
  const [latest, counts, states, sides, actions, engine] = await Promise.all([
    Promise.all(canaries.map((canary) => deps.runs.list({ canary, limit: 1 }))),
    deps.runs.counts(),
    deps.alarmStates.getMany(names),
    deps.dns ? deps.dns.sides() : Promise.resolve({} as Record<string, DnsSide>),
    deps.prefix === undefined ? [] : new ActionOutcomeCounts(deps.redis, deps.prefix).read(),
    deps.prefix === undefined ? undefined : readEngineTick(deps.redis, deps.prefix),
  ]);
  return {
    latest: canaries.map((canary, i) => ({ canary, run: latest[i]?.[0] })),
    counts,
    alarms: names.map((name, i) => ({ name, state: states[i]?.state, lastEvaluatedAt: states[i]?.lastEvaluatedAt })),
    dns: (deps.dns?.records() ?? []).map((r) => ({ record: r.name, side: sides[r.name] ?? 'primary' })),
    actions,
    engine,
  };
}

const seconds = (iso: string | undefined): number | undefined => {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
};

/**
 * The Prometheus text for a snapshot, rendered through a registry of its own, so concurrent scrapes never share
 * (or reset) each other's figures.
 */
export async function renderPrometheus(s: PrometheusSnapshot): Promise<{ contentType: string; text: string }> {
  const registry = new Registry();
  const registers = [registry];
  const success = new Gauge({
    name: 'canarykit_canary_success',
    help: '1 if the latest run passed, 0 if it failed or errored',
    labelNames: ['canary'],
    registers,
  });
  const duration = new Gauge({
    name: 'canarykit_canary_duration_seconds',
    help: 'Duration of the latest run',
    labelNames: ['canary'],
    registers,
  });
  const lastRun = new Gauge({
    name: 'canarykit_canary_last_run_timestamp_seconds',
    help: 'When the latest run ended (Unix time)',
    labelNames: ['canary'],
    registers,
  });
  const runs = new Counter({
    name: 'canarykit_canary_runs_total',
    help: 'Runs recorded, by status, each run id counted once',
    labelNames: ['canary', 'status'],
    registers,
  });
  const stepSuccess = new Gauge({
    name: 'canarykit_canary_step_success',
    help: "1 if the step passed in the canary's latest run, 0 if it failed or errored",
    labelNames: ['canary', 'step'],
    registers,
  });
  const stepDuration = new Gauge({
    name: 'canarykit_canary_step_duration_seconds',
    help: "Duration of the step in the canary's latest run",
    labelNames: ['canary', 'step'],
    registers,
  });
  const alarm = new Gauge({
    name: 'canarykit_alarm_state',
    help: "1 for the alarm's current state, 0 for the others (metric and composite alarms)",
    labelNames: ['alarm', 'state'],
    registers,
  });
  const evaluated = new Gauge({
    name: 'canarykit_alarm_last_evaluated_timestamp_seconds',
    help: 'When the alarm engine last evaluated the alarm (Unix time); time() minus this is its lag',
    labelNames: ['alarm'],
    registers,
  });
  const dnsSide = new Gauge({
    name: 'canarykit_dns_record_side',
    help: 'Which side a DNS failover record serves: 1 for the current side, 0 for the other',
    labelNames: ['record', 'side'],
    registers,
  });
  const actionRuns = new Counter({
    name: 'canarykit_action_executions_total',
    help: 'Action outcomes (done, noop, dry-run, failed, suppressed, superseded), each (transition, action) counted once',
    labelNames: ['action', 'status'],
    registers,
  });
  const tickDuration = new Gauge({
    name: 'canarykit_alarm_engine_tick_duration_seconds',
    help: 'How long the last evaluated alarm engine tick took',
    registers,
  });
  const tickLag = new Gauge({
    name: 'canarykit_alarm_engine_tick_lag_seconds',
    help: 'How long after its boundary was due (period end + evaluationDelayMs) the last evaluated tick finished',
    registers,
  });
  const lastTick = new Gauge({
    name: 'canarykit_alarm_engine_last_tick_timestamp_seconds',
    help: 'When the last evaluated alarm engine tick finished (Unix time); time() minus this shows a stopped engine',
    registers,
  });

  for (const { canary, run } of s.latest) {
    if (!run) continue;
    success.set({ canary }, run.status === 'PASSED' ? 1 : 0);
    duration.set({ canary }, run.durationMs / 1000);
    const ended = seconds(run.endedAt);
    if (ended !== undefined) lastRun.set({ canary }, ended);
    for (const step of run.steps) {
      stepSuccess.set({ canary, step: step.name }, step.status === 'PASSED' ? 1 : 0);
      stepDuration.set({ canary, step: step.name }, step.durationMs / 1000);
    }
  }
  const counted = { ...Object.fromEntries(s.latest.map((l) => [l.canary, {}])), ...s.counts };
  for (const [canary, byStatus] of Object.entries(counted)) {
    for (const status of RUN_STATUSES) runs.inc({ canary, status }, (byStatus as Record<string, number>)[status] ?? 0);
  }
  for (const a of s.alarms) {
    for (const state of STATES) alarm.set({ alarm: a.name, state }, (a.state ?? 'INSUFFICIENT_DATA') === state ? 1 : 0);
    const at = seconds(a.lastEvaluatedAt);
    if (at !== undefined) evaluated.set({ alarm: a.name }, at);
  }
  for (const d of s.dns) for (const side of SIDES) dnsSide.set({ record: d.record, side }, d.side === side ? 1 : 0);
  for (const a of s.actions) actionRuns.inc({ action: a.action, status: a.status }, a.count);
  if (s.engine) {
    tickDuration.set(s.engine.durationMs / 1000);
    tickLag.set(s.engine.lagMs / 1000);
    lastTick.set(s.engine.endedAt / 1000);
  }
  return { contentType: registry.contentType, text: await registry.metrics() };
}
