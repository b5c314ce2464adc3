import type { Browser } from 'puppeteer-core';
import type { z } from 'zod';
import type { Logger } from './logger.ts';
import type { RunResult, StepResult } from './types.ts';

/** Hands out the worker's shared Chromium, relaunching it when it has died. */
export interface BrowserProvider {
  acquire(): Promise<Browser>;
}

export interface BlueprintContext {
  canaryName: string;
  runId: string;
  /** Absolute directory where this run may write artifacts (already created). */
  artifactDir: string;
  /** Path of artifactDir relative to the data dir; artifact paths in results use it as prefix. */
  artifactPrefix: string;
  /** The project's absolute data dir (baselines and other per-canary state live under it). */
  dataDir: string;
  /** Absolute path of the canary file, when it came from one. */
  canaryFile?: string;
  /** The canary's `timeout`, in milliseconds. */
  timeoutMs: number;
  /** Aborted when the runner gives up on the run (hard deadline or shutdown). */
  signal: AbortSignal;
  browser: BrowserProvider;
  log: Logger;
  /** Secret values used by the run (from `{{env.NAME}}`); the runner redacts them from the stored record. */
  secrets: SecretSink;
  /** Reports progress of a long run (e.g. `links checked 120/340`); shown by `canary run`. */
  progress: (message: string) => void;
  /** Called when a step ends, for live reporters. */
  onStepEnd?: (step: StepResult) => void;
}

/** Where blueprints register secret values to redact. */
export interface SecretSink {
  add(value: string): void;
}

/**
 * A blueprint is one kind of check. `run` returns PASSED/FAILED for the target's behaviour;
 * it throws only when the canary machinery itself broke, which the runner records as ERROR.
 */
export interface Blueprint<S = unknown, I = unknown> {
  name: string;
  /** Zod schema of the blueprint-specific canary fields (e.g. url, expectText); I is what users write. */
  settings: z.ZodType<S, I>;
  needsBrowser: boolean;
  run(ctx: BlueprintContext, settings: S): Promise<RunResult>;
  /**
   * Checks that need the project (e.g. a required baseline under the data dir), run when the project loads;
   * each problem has a field path and a message.
   */
  check?(
    settings: S,
    project: { dataDir: string; canaryName: string },
  ): Promise<Array<{ path: string; message: string }>>;
}

/** Identity helper so each blueprint's settings type is inferred from its schema. */
export function defineBlueprint<S, I>(b: Blueprint<S, I>): Blueprint<S, I> {
  return b;
}
