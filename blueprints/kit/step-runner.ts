import type { Logger } from '../../core/logger.ts';
import type { Artifact, RunResult, StepResult } from '../../core/types.ts';
import { isMachineryError } from './machinery-error.ts';

/** Per-step behaviour, as in CloudWatch Synthetics' step configuration. */
export interface StepOptions {
  /** Keep running later steps after this one fails; the run still fails at the end. */
  continueOnStepFailure?: boolean;
  screenshotOnStepStart?: boolean;
  screenshotOnStepSuccess?: boolean;
  screenshotOnStepFailure?: boolean;
}

export const DEFAULT_STEP_OPTIONS: Required<StepOptions> = {
  continueOnStepFailure: false,
  screenshotOnStepStart: false,
  screenshotOnStepSuccess: false,
  screenshotOnStepFailure: true,
};

export interface StepRunnerOptions {
  /** Canary-wide defaults, overridden per step. */
  defaults?: StepOptions;
  /** Takes a screenshot for a step (`<step>-start`, `-success`, `-failure`); absent for browserless blueprints. */
  screenshot?: (label: string) => Promise<Artifact | undefined>;
  log: Logger;
  signal: AbortSignal;
  onStepEnd?: (step: StepResult) => void;
  /**
   * Throws a MachineryError when a step's failure was the machinery's (browser gone, page crashed or closed);
   * returns when it was the site's. Browser blueprints pass `BrowserSession.assertHealthy`.
   */
  assertHealthy?: (cause: unknown) => void;
}

/** A step failed and the run must stop (continueOnStepFailure was off). */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** Evidence a step can attach while it runs (`ctx.detail('exchange', {...})`). */
export interface StepHandle {
  detail(key: string, value: unknown): void;
}

/**
 * Records every step of a run: duration, status, error, screenshots and details. Target failures become
 * FAILED steps; machinery errors (browser crashed, aborted) are rethrown so the run is an ERROR.
 */
export class StepRunner {
  readonly steps: StepResult[] = [];
  readonly artifacts: Artifact[] = [];
  private readonly defaults: Required<StepOptions>;

  constructor(private readonly opts: StepRunnerOptions) {
    this.defaults = { ...DEFAULT_STEP_OPTIONS, ...opts.defaults };
  }

  /** Runs one step. Returns fn's value, or undefined when it failed and the run continues. */
  async step<T>(
    name: string,
    fn: (handle: StepHandle) => Promise<T>,
    options: StepOptions = {},
  ): Promise<T | undefined> {
    const o = { ...this.defaults, ...options };
    if (this.opts.signal.aborted) throw this.opts.signal.reason as Error;
    const started = Date.now();
    const screenshots: Artifact[] = [];
    const details: Record<string, unknown> = {};
    const shoot = async (when: string) => {
      if (!this.opts.screenshot) return;
      try {
        const a = await this.opts.screenshot(`${name}-${when}`);
        if (a) screenshots.push(a);
      } catch (err) {
        this.opts.log.debug({ step: name, err: (err as Error).message }, 'step screenshot failed');
      }
    };
    if (o.screenshotOnStepStart) await shoot('start');
    const finish = (status: StepResult['status'], error?: string): StepResult => {
      const ended = Date.now();
      const result: StepResult = {
        name,
        status,
        startedAt: new Date(started).toISOString(),
        endedAt: new Date(ended).toISOString(),
        durationMs: ended - started,
        ...(error === undefined ? {} : { error }),
        ...(screenshots.length ? { screenshots } : {}),
        ...(Object.keys(details).length ? { details } : {}),
      };
      this.steps.push(result);
      this.artifacts.push(...screenshots);
      this.opts.onStepEnd?.(result);
      return result;
    };
    try {
      const value = await fn({ detail: (k, v) => void (details[k] = v) });
      if (o.screenshotOnStepSuccess) await shoot('success');
      finish('PASSED');
      return value;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const machinery = this.machineryCause(err);
      if (machinery !== undefined) {
        finish('ERROR', machinery instanceof Error ? machinery.message : message);
        throw machinery;
      }
      if (o.screenshotOnStepFailure) await shoot('failure');
      finish('FAILED', message);
      if (!o.continueOnStepFailure) throw new StepFailure(name, message);
      return undefined;
    }
  }

  /** The machinery's error behind a step's failure (the failure itself or the health check's), if it was ours. */
  private machineryCause(err: unknown): unknown {
    if (isMachineryError(err) || this.opts.signal.aborted) return err;
    try {
      this.opts.assertHealthy?.(err);
    } catch (unhealthy) {
      return unhealthy;
    }
    return undefined;
  }

  /** The first failed step, if any. */
  get firstFailure(): StepResult | undefined {
    return this.steps.find((s) => s.status !== 'PASSED');
  }

  /** Builds the run result: FAILED when any step failed, with a reason naming the first failed step. */
  result(
    details: Record<string, unknown>,
    extra: { artifacts?: Artifact[]; passedReason?: string; metrics?: RunResult['metrics'] } = {},
  ): RunResult {
    const failed = this.steps.filter((s) => s.status !== 'PASSED');
    const first = failed[0];
    return {
      status: first ? 'FAILED' : 'PASSED',
      reason: first
        ? `step "${first.name}" failed: ${first.error ?? 'unknown error'}${failed.length > 1 ? ` (and ${failed.length - 1} more failed step${failed.length > 2 ? 's' : ''})` : ''}`
        : (extra.passedReason ?? `${this.steps.length} step${this.steps.length === 1 ? '' : 's'} passed`),
      steps: this.steps,
      artifacts: [...this.artifacts, ...(extra.artifacts ?? [])],
      details,
      ...(extra.metrics ? { metrics: extra.metrics } : {}),
    };
  }
}

/** Runs `body` with a StepRunner and turns a stopping StepFailure into a FAILED result. */
export async function runSteps(
  opts: StepRunnerOptions,
  body: (runner: StepRunner) => Promise<Record<string, unknown> | void>,
): Promise<RunResult> {
  const runner = new StepRunner(opts);
  let details: Record<string, unknown> = {};
  try {
    details = (await body(runner)) ?? {};
  } catch (err) {
    if (!(err instanceof StepFailure)) throw err;
  }
  return runner.result(details);
}
