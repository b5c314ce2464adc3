import type { Redis } from 'ioredis';
import type { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import type { DrillDefinition, DrillJournal } from '../core/drill.ts';
import type { DnsSide } from '../core/dns-provider.ts';
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import type { AlarmControl } from '../alarms/alarm-control.ts';
import type { RunStore } from '../runner/run-store.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import type { Logger } from '../core/logger.ts';
import type { ApiLimitOverrides } from './api-limits.ts';
import type { LogIngestor } from '../logs/log-ingestor.ts';
import type { LogStore } from '../logs/log-store.ts';
import type { FaultApi } from './routes/fault-routes.ts';
import type { MetricStreamStatus } from '../streams/stream-status.ts';
import type { EventStream } from '../core/events.ts';
import type { CanaryControl } from './canary-control.ts';
import type { StatusPageConfig } from '../config/status-page-schema.ts';

export interface DnsRecordView {
  name: string;
  type: string;
  ttl: number;
  primary: string | string[];
  secondary: string | string[];
}

/** What the HTTP API reads; built by the composition root. */
export interface ApiDeps {
  redis: Redis;
  /** The project's key prefix; `/metrics` reads the action outcome counts and the engine's tick figures under it. */
  prefix?: string;
  dataDir: string;
  canaries: () => ReadonlyArray<CanaryDefinition>;
  alarms: () => ReadonlyArray<MetricAlarmDefinition>;
  composites: () => ReadonlyArray<CompositeAlarmDefinition>;
  control: AlarmControl;
  runs: RunStore;
  /** Bearer token required on /api routes, if any. */
  token?: string;
  metrics: MetricStore;
  alarmStates: AlarmStateStore;
  dns?: {
    records: () => ReadonlyArray<DnsRecordView>;
    sides: () => Promise<Record<string, DnsSide>>;
    audit: (record: string | undefined, limit: number) => Promise<unknown[]>;
  };
  /** Log groups, streams and events (`/api/logs`); the routes are absent without it. */
  logs?: { store: LogStore; ingestor: LogIngestor };
  /** Drill definitions and the drill-run store (`/api/drills`). */
  drills?: {
    definitions: () => ReadonlyArray<DrillDefinition>;
    runs: {
      get(id: string): Promise<DrillJournal | undefined>;
      list(drill: string, limit?: number): Promise<DrillJournal[]>;
    };
  };
  /** The fault controller (`/api/faults`); the routes answer 404 without it. */
  faults?: FaultApi;
  /** The metric streams' status (`/api/metric-streams`); an empty list without it. */
  metricStreams?: { status: () => Promise<MetricStreamStatus[]> };
  /** Run-now, pause and resume (`/api/canaries/:name/run|pause|resume`); those routes answer 404 without it. */
  canaryControl?: CanaryControl;
  /** The event stream (`GET /api/events`, server-sent events); 404 without it. */
  events?: EventStream;
  /** The config's public status pages (`/status/:slug`). */
  statusPages?: () => ReadonlyArray<StatusPageConfig>;
  /** Overrides of the default limits (DEFAULT_API_LIMITS in server/api-limits.ts). */
  limits?: ApiLimitOverrides;
  /** Where the API logs (default: the `api` component's logger). */
  log?: Logger;
  /** Clock for the new-series budget and metric timestamps (tests). */
  now?: () => number;
}
