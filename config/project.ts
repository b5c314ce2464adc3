import type { Schedule } from '../core/schedule.ts';
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import type { ResolvedConfig } from './config-schema.ts';

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

/** A fully loaded and validated project. */
export interface Project {
  /** Absolute project root (the config file's directory, or cwd). */
  root: string;
  /** Config file relative to the root, or undefined when running without one. */
  configFile: string | undefined;
  config: ResolvedConfig;
  /** Absolute data dir. */
  dataDir: string;
  canaries: CanaryDefinition[];
  /** Every metric alarm: the canaries' and the config's. */
  alarms: MetricAlarmDefinition[];
  /** Composite alarms, in dependency order (children before parents). */
  compositeAlarms: CompositeAlarmDefinition[];
}
