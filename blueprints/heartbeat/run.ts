import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TimeoutError, type Browser, type BrowserContext, type HTTPResponse, type Page } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, RunResult, RunStatus, StepResult } from '../../core/types.ts';
import { HarRecorder } from '../../runner/browser/har-recorder.ts';
import type { HeartbeatSettings } from './settings.ts';

export const SCREENSHOT_FILE = 'screenshot.png';
export const HAR_FILE = 'page.har';
export const STEP_NAME = 'load';

const MAX_CONSOLE_ERRORS = 50;
const MAX_CONSOLE_ERROR_LENGTH = 1_000;
const CONTEXT_CLOSE_TIMEOUT_MS = 5_000;
/**
 * Time the run may take past the canary timeout (measured from the start of the run) for its
 * captures: title, text check, screenshot, HAR. Kept under the runner's hard-deadline grace so a
 * slow site ends FAILED with its artifacts rather than being killed as ERROR.
 */
export const CAPTURE_GRACE_MS = 3_000;
/** Cap of any single capture, however much time is left. */
const CAPTURE_CAP_MS = 10_000;

/** Thrown when the canary machinery (not the site) broke: the runner records it as ERROR. */
export class HeartbeatMachineryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HeartbeatMachineryError';
  }
}

/**
 * Loads `settings.url` in a fresh incognito context of the shared browser and checks it.
 * Resolves PASSED/FAILED for the site's behaviour; rejects when the browser or the run itself
 * broke (browser crashed or disconnected, protocol error, ctx.signal aborted).
 */
export async function runHeartbeat(ctx: BlueprintContext, settings: HeartbeatSettings): Promise<RunResult> {
  const deadline = performance.now() + Math.max(0, ctx.timeoutMs) + CAPTURE_GRACE_MS;
  throwIfAborted(ctx.signal);
  const browser = await ctx.browser.acquire();
  throwIfAborted(ctx.signal);
  const context = await browser.createBrowserContext();

  let closing: Promise<void> | undefined;
  const closeContext = (): Promise<void> =>
    (closing ??= withTimeout(context.close(), CONTEXT_CLOSE_TIMEOUT_MS, 'closing the browser context').catch(
      (err: unknown) => {
        if (browser.connected) ctx.log.warn({ err }, 'could not close the browser context');
      },
    ));
  // On abort: close the context at once (that also cancels whatever the page is doing) and reject.
  const onAbort = (): void => void closeContext();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await raceAbort(check(ctx, settings, browser, context, deadline), ctx.signal);
    throwIfAborted(ctx.signal);
    return result;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await closeContext();
  }
}

async function check(
  ctx: BlueprintContext,
  settings: HeartbeatSettings,
  browser: Browser,
  context: BrowserContext,
  /** performance.now() by which the captures must be done. */
  deadline: number,
): Promise<RunResult> {
  const { url } = settings;
  const artifacts: Artifact[] = [];
  const artifactErrors: string[] = [];
  const consoleErrors: string[] = [];
  let pageCrashed: Error | undefined;

  const page = await context.newPage();
  if (settings.viewport) await page.setViewport(settings.viewport);

  const pushConsoleError = (text: string): void => {
    if (consoleErrors.length < MAX_CONSOLE_ERRORS) consoleErrors.push(truncate(text, MAX_CONSOLE_ERROR_LENGTH));
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') pushConsoleError(msg.text());
  });
  page.on('pageerror', (err: unknown) => {
    pushConsoleError(err instanceof Error ? err.message : String(err));
  });
  page.on('error', (err: Error) => {
    pageCrashed = err;
  });
  // The last main-frame document response, so the status is known even when `load` never comes.
  let lastMainResponse: HTTPResponse | undefined;
  page.on('response', (res) => {
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) lastMainResponse = res;
  });

  const cdp = await page.createCDPSession();
  const har = settings.har ? await HarRecorder.start(cdp) : undefined;

  /** Rethrows as a machinery error when the failure came from the browser or the run, not the site. */
  const assertMachineryHealthy = (cause?: unknown): void => {
    throwIfAborted(ctx.signal);
    if (!browser.connected)
      throw new HeartbeatMachineryError('browser disconnected during the run (crashed or killed)', { cause });
    if (pageCrashed) throw new HeartbeatMachineryError(`page crashed: ${pageCrashed.message}`, { cause: pageCrashed });
    if (page.isClosed()) throw new HeartbeatMachineryError('page was closed during the run', { cause });
  };

  /** Time a capture may take: its share of what is left before the deadline. */
  const budget = (capMs = CAPTURE_CAP_MS): number =>
    Math.max(0, Math.min(capMs, Math.floor(deadline - performance.now())));

  /** Bounded best-effort capture: site-side trouble is noted, machinery trouble throws. */
  const bestEffort = async <T>(what: string, fn: () => Promise<T>, capMs = CAPTURE_CAP_MS): Promise<T | undefined> => {
    const timeoutMs = budget(capMs);
    if (timeoutMs < 50) {
      artifactErrors.push(`${what}: skipped, out of time`);
      return undefined;
    }
    try {
      return await withTimeout(fn(), timeoutMs, what);
    } catch (err) {
      assertMachineryHealthy(err);
      const message = errorMessage(err);
      artifactErrors.push(`${what}: ${message}`);
      ctx.log.warn({ err, what }, 'heartbeat: capture failed');
      return undefined;
    }
  };

  // ---- navigate -------------------------------------------------------------------------------
  const startedAt = new Date();
  const t0 = performance.now();
  let response: HTTPResponse | null = null;
  let navError: unknown;
  try {
    // puppeteer reads a timeout of 0 as "wait forever": never pass it one.
    response = await page.goto(url, { waitUntil: 'load', timeout: Math.max(1, ctx.timeoutMs) });
  } catch (err) {
    navError = err;
  }
  const loadTimeMs = Math.round(performance.now() - t0);
  const endedAt = new Date();

  let reason: string | undefined;
  let navigated = true;
  if (navError !== undefined) {
    assertMachineryHealthy(navError);
    const netError = chromiumNetError(navError);
    if (netError) {
      reason = `${netError} at ${url}`;
      navigated = false;
    } else if (navError instanceof TimeoutError) {
      reason = `timeout after ${formatSeconds(ctx.timeoutMs)} s loading ${url}`;
      // Stop the pending loads so the screenshot and HAR show the state at the deadline.
      await bestEffort('stop loading', () => cdp.send('Page.stopLoading'), 2_000);
    } else {
      throw new HeartbeatMachineryError(`navigation to ${url} failed: ${errorMessage(navError)}`, { cause: navError });
    }
  }

  const mainResponse = response ?? (navError === undefined ? null : (lastMainResponse ?? null));
  const httpStatus = mainResponse ? mainResponse.status() : null;
  const finalUrl = mainResponse ? mainResponse.url() : page.url();
  const redirectChain = mainResponse
    ? mainResponse
        .request()
        .redirectChain()
        .map((r) => r.url())
    : [];
  const where = redirectChain.length > 0 && finalUrl !== url ? `${finalUrl} (redirected from ${url})` : url;

  if (reason === undefined) {
    if (!mainResponse) {
      reason = `no HTTP response for ${url}`;
    } else if (httpStatus === null || httpStatus < 200 || httpStatus >= 400) {
      reason = `HTTP ${httpStatus} from ${where}`;
    }
  }

  let title = '';
  if (navigated) {
    title = (await bestEffort('title', () => page.title(), 2_000)) ?? '';
  }

  if (reason === undefined && settings.expectText !== undefined) {
    const expected = JSON.stringify(settings.expectText);
    const textBudget = budget();
    const text = await readBodyText(page, textBudget).catch((err: unknown) => {
      assertMachineryHealthy(err);
      if (err instanceof CaptureTimeout) return err;
      throw new HeartbeatMachineryError(`could not read the page text: ${errorMessage(err)}`, { cause: err });
    });
    if (text instanceof CaptureTimeout) {
      // A live browser whose page does not answer: the page's own scripts are hogging it.
      reason = `expected text ${expected} could not be checked on ${where}: the page did not respond within ${textBudget} ms`;
    } else if (!containsText(text, settings.expectText)) {
      reason = `expected text ${expected} not found on ${where}`;
    }
  }

  // ---- artifacts ------------------------------------------------------------------------------
  // After a net:: failure Chromium swaps in its error page in another renderer, which puppeteer is
  // not attached to yet: a screenshot would only wait or fail, so the fast failure path skips it.
  if (settings.screenshot && navigated) {
    const png = await bestEffort('screenshot', () => page.screenshot({ type: 'png', fullPage: true }));
    if (png) {
      await writeFile(join(ctx.artifactDir, SCREENSHOT_FILE), png);
      artifacts.push({ kind: 'screenshot', path: artifactPath(ctx, SCREENSHOT_FILE), contentType: 'image/png' });
    }
  }
  if (har) {
    har.stop();
    try {
      const doc = har.toHar(title || undefined);
      await writeFile(join(ctx.artifactDir, HAR_FILE), JSON.stringify(doc, null, 2));
      artifacts.push({ kind: 'har', path: artifactPath(ctx, HAR_FILE), contentType: 'application/json' });
    } catch (err) {
      if (isFsError(err)) throw err;
      artifactErrors.push(`har: ${errorMessage(err)}`);
      ctx.log.warn({ err }, 'heartbeat: could not build the HAR');
    }
  }
  assertMachineryHealthy();

  const status: RunStatus = reason === undefined ? 'PASSED' : 'FAILED';
  const step: StepResult = {
    name: STEP_NAME,
    status,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: loadTimeMs,
  };
  if (reason !== undefined) step.error = reason;

  const details: Record<string, unknown> = {
    url,
    finalUrl,
    httpStatus,
    loadTimeMs,
    title,
    consoleErrors,
  };
  if (redirectChain.length > 0) details.redirects = redirectChain;
  if (artifactErrors.length > 0) details.artifactErrors = artifactErrors;

  return {
    status,
    reason: reason ?? `HTTP ${httpStatus} from ${where} in ${loadTimeMs} ms`,
    steps: [step],
    artifacts,
    details,
  };
}

async function readBodyText(page: Page, timeoutMs: number): Promise<string> {
  if (timeoutMs < 50) throw new CaptureTimeout('reading document.body.innerText: out of time');
  const read = (): Promise<string> =>
    withTimeout(
      page.evaluate(() => document.body?.innerText ?? ''),
      timeoutMs,
      'reading document.body.innerText',
    );
  try {
    return await read();
  } catch (err) {
    // The page may have replaced its document right after `load` (e.g. a script redirect): retry once.
    if (!/Execution context was destroyed|Cannot find context/i.test(errorMessage(err))) throw err;
    await new Promise((resolve) => setTimeout(resolve, 250));
    return read();
  }
}

/** Plain substring match, falling back to a whitespace-insensitive one (innerText adds line breaks). */
export function containsText(haystack: string, needle: string): boolean {
  if (haystack.includes(needle)) return true;
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  return squash(haystack).includes(squash(needle));
}

/** `net::ERR_…` when Chromium itself reported the navigation failure, else undefined. */
export function chromiumNetError(err: unknown): string | undefined {
  const match = /^(net::ERR_[A-Z0-9_]+)/.exec(errorMessage(err));
  return match?.[1];
}

/** 5000 → "5", 1500 → "1.5", 250 → "0.25". */
export function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

function artifactPath(ctx: BlueprintContext, file: string): string {
  const prefix = ctx.artifactPrefix.replace(/\/+$/, '');
  return prefix ? `${prefix}/${file}` : file;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isFsError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'syscall' in err;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new HeartbeatMachineryError(`run aborted${reason === undefined ? '' : `: ${String(reason)}`}`, {
    cause: reason,
  });
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

/** Settles like `promise`, but rejects as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

class CaptureTimeout extends Error {
  override name = 'CaptureTimeout';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CaptureTimeout(`${what} took longer than ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
