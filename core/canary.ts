import type { Schedule } from './schedule.ts';
import type { MetricAlarmDefinition } from './types.ts';

/** A validated canary, ready to schedule and run. */
export interface CanaryDefinition {
  name: string;
  blueprint: string;
  schedule: Schedule;
  timeoutMs: number;
  /** Blueprint-specific settings, already parsed by the blueprint's schema. */
  settings: unknown;
  alarms: MetricAlarmDefinition[];
  tags: Record<string, string>;
  /** Path relative to the project root. */
  file: string;
  /** Absolute path of the canary file (relative paths in its settings resolve against its folder). */
  absFile: string;
  /** Stable hash of the definition; changes when anything that affects a run changes. */
  hash: string;
}

/** How long run records and artifacts are kept per canary, separately for passed and failed (or errored) runs. */
export interface RunRetentionPolicy {
  passed: { days: number; runs: number };
  failed: { days: number; runs: number };
}
