import type { DrillJournal, DrillStepRecord } from '../../core/drill.ts';

/** A drill reporter implements any of these hooks. */
export interface DrillReporter {
  /** A step started (no `outcome`) or ended. */
  onStep?(drill: string, step: DrillStepRecord): void | Promise<void>;
  onDrillEnd?(journal: DrillJournal): void | Promise<void>;
  /** Every run of this invocation (several per drill with `--repeat`). */
  onEnd?(journals: readonly DrillJournal[]): void | Promise<void>;
}

export interface DrillReporterOptions {
  /** Directory for report files (`reports/drills/` by default). */
  outDir: string;
  write: (line: string) => void;
}

/** A file name part from a drill name. */
export const fileSafe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '_');
