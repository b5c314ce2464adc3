import type { CanaryDefinition } from '../core/canary.ts';
import type { DrillDefinition } from '../core/drill.ts';
import type { CompositeAlarmDefinition, MetricAlarmDefinition } from '../core/types.ts';
import type { ResolvedConfig } from './config-schema.ts';

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
  /** Validated drills (`drills` globs, or the files given to `canary drill run`). */
  drills: DrillDefinition[];
}

export type { CanaryDefinition };
