import type { CanaryDefinition } from '../core/canary.ts';
import type { RunRecord, StepResult } from '../core/types.ts';

export interface RunSummary {
  runs: RunRecord[];
  durationMs: number;
}

/** A reporter implements any of these hooks. */
export interface Reporter {
  onRunBegin?(canary: CanaryDefinition): void | Promise<void>;
  onStepEnd?(canary: CanaryDefinition, step: StepResult): void | Promise<void>;
  /** Progress of a long run (links checked…). */
  onProgress?(canary: CanaryDefinition, message: string): void | Promise<void>;
  onRunEnd?(run: RunRecord): void | Promise<void>;
  onEnd?(summary: RunSummary): void | Promise<void>;
}

export interface ReporterOptions {
  /** Directory for report files. */
  outDir: string;
  /** Absolute data dir, to resolve artifact paths. */
  dataDir: string;
  write: (line: string) => void;
}
