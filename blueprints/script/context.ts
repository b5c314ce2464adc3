import type { Page } from 'puppeteer-core';
import type { StepHandle, StepOptions } from '../kit/step-runner.ts';

/** Runs one named step: records its duration, status, error and screenshots. */
export type ScriptStep = <T>(
  name: string,
  fn: (handle: StepHandle) => Promise<T> | T,
  options?: StepOptions,
) => Promise<T | undefined>;

export interface ScriptRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON (with `content-type: application/json`). */
  body?: unknown;
  /** Milliseconds; default 30 s, never beyond what is left of the canary's timeout. */
  timeoutMs?: number;
}

export interface ScriptResponse {
  status: number;
  ok: boolean;
  /** Final URL, after redirects. */
  url: string;
  headers: Record<string, string>;
  /** The whole body as text. */
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = unknown>(): T;
  durationMs: number;
}

/** HTTP from Node (not the page): `await request('https://…/api', { method: 'POST', body: { … } })`. */
export type ScriptRequest = (url: string, init?: ScriptRequestInit) => Promise<ScriptResponse>;

/** Lines go to the run record (`details.logs`, secrets redacted) and to the worker's log. */
export interface ScriptLog {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * `env('NAME')` reads an environment variable of the worker and registers its value as a secret, so it is
 * redacted (`***`) from the run record, step names, errors and logs. Throws when unset (the run FAILS naming
 * it) unless a fallback is given; a fallback is not a secret.
 */
export type ScriptEnv = (name: string, fallback?: string) => string;

/** What a `script` canary's `run` receives. */
export interface ScriptContext {
  /** A Puppeteer page in a fresh incognito context, closed after the run. */
  page: Page;
  step: ScriptStep;
  request: ScriptRequest;
  log: ScriptLog;
  env: ScriptEnv;
  /** Saves a full-page PNG named `<name>.png` as a run artifact. */
  screenshot(name: string): Promise<void>;
  /** Aborted when canarykit gives up on the run (timeout or shutdown). */
  signal: AbortSignal;
  canaryName: string;
  runId: string;
}
