/** Domain types shared by every layer. This file imports nothing from the repo. */

export type RunStatus = 'PASSED' | 'FAILED' | 'ERROR';

export interface Artifact {
  kind: 'screenshot' | 'har' | 'log' | 'report' | 'other';
  /** Path relative to the data dir. */
  path: string;
  contentType: string;
}

export interface StepResult {
  name: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  error?: string;
  /** Screenshots taken on step start / success / failure. */
  screenshots?: Artifact[];
  /** Step-specific evidence (an HTTP exchange, a visual diff, broken links…), already redacted. */
  details?: Record<string, unknown>;
}

export interface RunResult {
  status: RunStatus;
  reason: string;
  steps: StepResult[];
  artifacts: Artifact[];
  /** Blueprint-specific facts (HTTP status, title, console errors, …). */
  details: Record<string, unknown>;
  /** Extra metrics published on top of the standard SuccessPercent / Duration / Failed. */
  metrics?: MetricDatum[];
}

export interface RunRecord extends RunResult {
  id: string;
  canary: string;
  blueprint: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** Which worker ran it (host:pid). */
  worker: string;
  /** Which attempt of the job produced this record (1 = first). */
  attempt: number;
  /** True when the run passed only on a retry after an ERROR. */
  flaky?: boolean;
  /** The earlier attempts of this run (each stored as its own record, with its artifacts), oldest first. */
  previousAttempts?: PreviousAttempt[];
}

/** What a retried run's record keeps of an earlier attempt: its record id, outcome and evidence. */
export interface PreviousAttempt {
  runId: string;
  attempt: number;
  status: RunStatus;
  reason: string;
  artifacts: Artifact[];
}

export type Dimensions = Record<string, string>;

export type MetricUnit =
  | 'Seconds'
  | 'Microseconds'
  | 'Milliseconds'
  | 'Bytes'
  | 'Kilobytes'
  | 'Megabytes'
  | 'Gigabytes'
  | 'Terabytes'
  | 'Bits'
  | 'Kilobits'
  | 'Megabits'
  | 'Gigabits'
  | 'Terabits'
  | 'Percent'
  | 'Count'
  | 'Bytes/Second'
  | 'Kilobytes/Second'
  | 'Megabytes/Second'
  | 'Gigabytes/Second'
  | 'Terabytes/Second'
  | 'Bits/Second'
  | 'Kilobits/Second'
  | 'Megabits/Second'
  | 'Gigabits/Second'
  | 'Terabits/Second'
  | 'Count/Second'
  | 'None';

/** One CloudWatch-style datapoint. */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  /** Epoch milliseconds. */
  timestamp: number;
  value: number;
  unit: MetricUnit;
}

export type Statistic = 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type ComparisonOperator =
  'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

export type BandComparisonOperator =
  'LessThanLowerOrGreaterThanUpperThreshold' | 'GreaterThanUpperThreshold' | 'LessThanLowerThreshold';

export interface AnomalyDetectionSettings {
  /** Band width in standard deviations. */
  width: number;
  trainingDays: number;
  seasonality: 'auto' | 'hourly' | 'daily' | 'weekly' | 'none';
  excludedTimeRanges: Array<{ start: string; end: string }>;
}

export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';

/** A fully resolved metric alarm (defaults applied, namespace/dimensions filled in). */
export interface MetricAlarmDefinition {
  name: string;
  description?: string;
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  /** A basic statistic or an extended one (p99, tm90, TM(10%:90%), IQM). */
  statistic: string;
  evaluateLowSampleCountPercentile: 'evaluate' | 'ignore';
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  /** Static operators only. */
  threshold?: number;
  comparisonOperator: ComparisonOperator | BandComparisonOperator;
  /** Band operators only: the expected band is learnt from the metric's own history. */
  anomalyDetection?: AnomalyDetectionSettings;
  treatMissingData: TreatMissingData;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  /** Seconds between reminders while in ALARM. */
  reminderInterval?: number;
  /** Where it was defined, for diagnostics and the API (e.g. `canaries/www.canary.ts` or `canary.config.ts`). */
  source: string;
  /** Field path of the alarm inside its source, e.g. `alarms[0]`. */
  sourcePath: string;
}

/** A composite alarm: a rule over other alarms' states (CloudWatch's AlarmRule grammar). */
export interface CompositeAlarmDefinition {
  name: string;
  description?: string;
  alarmRule: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  /** Seconds between reminders while in ALARM. */
  reminderInterval?: number;
  /** Alarm whose ALARM state suppresses this composite's actions. */
  actionsSuppressor?: string;
  /** Seconds to wait, after this alarm goes to ALARM, for the suppressor to go to ALARM. */
  actionsSuppressorWaitPeriod: number;
  /** Seconds suppression lasts after the suppressor leaves ALARM. */
  actionsSuppressorExtensionPeriod: number;
  /** Names of the alarms the rule refers to. */
  children: string[];
  source: string;
  sourcePath: string;
}

export interface AlarmHistoryItem {
  timestamp: string;
  type: 'StateUpdate' | 'ConfigurationUpdate' | 'Action';
  summary: string;
  oldState?: AlarmState;
  newState?: AlarmState;
  reason?: string;
  transitionId?: string;
  data?: Record<string, unknown>;
}

/** A state change of an alarm; the unit of action dispatch and dedup. */
export interface AlarmTransition {
  id: string;
  alarm: string;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
  timestamp: string;
  /** Action names to run for this transition. */
  actions: string[];
  /** The run that produced the deciding datapoint, when the alarm watches a canary. */
  runId?: string;
  /** `reminder` for a re-notification while an alarm stays in ALARM; `set-state` for a manual change. */
  kind?: 'transition' | 'reminder' | 'set-state';
  /** For composites with an actions suppressor: checked again when the actions run. */
  suppressor?: { alarm: string; waitPeriod: number; extensionPeriod: number };
  /**
   * The alarm's version once this transition is committed: every committed state change increments the
   * alarm's version by one (0 before the first), and a transition commits only if the alarm is still at
   * `version - 1`. A reminder carries the version of the state it reminds of. An action is still current
   * while the alarm's stored version equals this one. Absent only on transitions made before versions existed.
   */
  version?: number;
}
