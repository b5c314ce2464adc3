import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { BrowserProvider } from '../core/blueprint.ts';
import { createLogger } from '../core/logger.ts';
import type { RunRecord, RunResult, StepResult } from '../core/types.ts';
import { SecretRegistry } from '../core/secret-registry.ts';
import { findBlueprint } from '../blueprints/index.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import { leftArtifacts } from './left-artifacts.ts';

/** Extra time a blueprint gets past the canary's timeout before the runner kills the run (→ ERROR). */
export const HARD_DEADLINE_GRACE_MS = 5_000;

const log = createLogger('runner');

export interface ExecuteRunOptions {
  canary: CanaryDefinition;
  runId: string;
  attempt: number;
  dataDir: string;
  browser: BrowserProvider;
  /** Aborts the run from outside (shutdown). */
  signal?: AbortSignal;
  /** Progress of long runs (links checked…); `canary run` prints it. */
  onProgress?: (message: string) => void;
  onStepEnd?: (step: StepResult) => void;
}

/** Runs one canary once and returns its record. Never throws: machinery failures become ERROR records. */
export async function executeRun(opts: ExecuteRunOptions): Promise<RunRecord> {
  const { canary, runId } = opts;
  const started = Date.now();
  const artifactPrefix = path.posix.join('runs', canary.name, runId);
  const artifactDir = path.join(opts.dataDir, artifactPrefix);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(new Error('run aborted: canarykit is shutting down'));
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let result: RunResult;
  const secrets = new SecretRegistry();
  try {
    const blueprint = findBlueprint(canary.blueprint);
    if (!blueprint) throw new Error(`unknown blueprint "${canary.blueprint}"`);
    await mkdir(artifactDir, { recursive: true });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(
          `run killed by canarykit: still running ${HARD_DEADLINE_GRACE_MS / 1000} s after its ${canary.timeoutMs / 1000} s timeout`,
        );
        controller.abort(err);
        reject(err);
      }, canary.timeoutMs + HARD_DEADLINE_GRACE_MS);
    });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    result = await Promise.race([
      blueprint.run(
        {
          canaryName: canary.name,
          runId,
          artifactDir,
          artifactPrefix,
          dataDir: opts.dataDir,
          canaryFile: canary.absFile,
          timeoutMs: canary.timeoutMs,
          signal: controller.signal,
          browser: opts.browser,
          log: log.child({ canary: canary.name, runId }),
          secrets,
          progress: opts.onProgress ?? (() => {}),
          ...(opts.onStepEnd ? { onStepEnd: (s: StepResult) => opts.onStepEnd?.(secrets.redact(s)) } : {}),
        },
        canary.settings,
      ),
      deadline,
      aborted,
    ]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ canary: canary.name, runId, err: message }, 'run errored');
    // Keep what the run saved before it broke (step screenshots…): the evidence of an attempt that is retried.
    const artifacts = await leftArtifacts(artifactDir, artifactPrefix);
    result = { status: 'ERROR', reason: `canary error: ${message}`, steps: [], artifacts, details: {} };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
  const ended = Date.now();
  // Secret values (from {{env.NAME}}) and Authorization headers never reach a stored record or a report.
  if (secrets.size > 0 || result.steps.some((st) => st.details)) result = secrets.redact(result);
  return {
    ...result,
    id: runId,
    canary: canary.name,
    blueprint: canary.blueprint,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: ended - started,
    worker: `${hostname()}:${process.pid}`,
    attempt: opts.attempt,
  };
}
