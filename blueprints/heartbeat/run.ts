import { TimeoutError, type HTTPResponse } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, RunResult, RunStatus, StepResult } from '../../core/types.ts';
import { TimeoutExceededError, withTimeout } from '../../core/with-timeout.ts';
import { withBrowserSession, type BrowserSession } from '../kit/browser-session.ts';
import { errorMessage } from '../kit/error-message.ts';
import { HarRecorder } from '../kit/har-recorder.ts';
import { MachineryError } from '../kit/machinery-error.ts';
import { chromiumNetError, formatSeconds } from './load-reason.ts';
import { containsText, readBodyText } from './page-text.ts';
import type { HeartbeatSettings } from './settings.ts';

export const SCREENSHOT_FILE = 'screenshot.png';
export const HAR_FILE = 'page.har';
export const STEP_NAME = 'load';

/**
 * Time the run may take past the canary timeout (measured from the start of the run) for its
 * captures: title, text check, screenshot, HAR. Kept under the runner's hard-deadline grace so a
 * slow site ends FAILED with its artifacts rather than being killed as ERROR.
 */
export const CAPTURE_GRACE_MS = 3_000;
/** Cap of any single capture, however much time is left. */
const CAPTURE_CAP_MS = 10_000;

/**
 * Loads `settings.url` in a fresh incognito context of the shared browser and checks it.
 * Resolves PASSED/FAILED for the site's behaviour; rejects when the browser or the run itself
 * broke (browser crashed or disconnected, protocol error, ctx.signal aborted).
 */
export async function runHeartbeat(ctx: BlueprintContext, settings: HeartbeatSettings): Promise<RunResult> {
  const deadline = performance.now() + Math.max(0, ctx.timeoutMs) + CAPTURE_GRACE_MS;
  return withBrowserSession(ctx, settings.viewport ? { viewport: settings.viewport } : {}, (session) =>
    check(ctx, settings, session, deadline),
  );
}

async function check(
  ctx: BlueprintContext,
  settings: HeartbeatSettings,
  session: BrowserSession,
  /** performance.now() by which the captures must be done. */
  deadline: number,
): Promise<RunResult> {
  const { url } = settings;
  const { page } = session;
  const artifacts: Artifact[] = [];
  const artifactErrors: string[] = [];

  // The last main-frame document response, so the status is known even when `load` never comes.
  let lastMainResponse: HTTPResponse | undefined;
  page.on('response', (res) => {
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) lastMainResponse = res;
  });

  const cdp = await page.createCDPSession();
  const har = settings.har ? await HarRecorder.start(cdp) : undefined;

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
      return await withTimeout(fn(), timeoutMs, `${what} took longer than ${timeoutMs} ms`);
    } catch (err) {
      session.assertHealthy(err);
      artifactErrors.push(`${what}: ${errorMessage(err)}`);
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
    session.assertHealthy(navError);
    const netError = chromiumNetError(navError);
    if (netError) {
      reason = `${netError} at ${url}`;
      navigated = false;
    } else if (navError instanceof TimeoutError) {
      reason = `timeout after ${formatSeconds(ctx.timeoutMs)} s loading ${url}`;
      // Stop the pending loads so the screenshot and HAR show the state at the deadline.
      await bestEffort('stop loading', () => cdp.send('Page.stopLoading'), 2_000);
    } else {
      throw new MachineryError(`navigation to ${url} failed: ${errorMessage(navError)}`, { cause: navError });
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
      session.assertHealthy(err);
      if (err instanceof TimeoutExceededError) return err;
      throw new MachineryError(`could not read the page text: ${errorMessage(err)}`, { cause: err });
    });
    if (text instanceof TimeoutExceededError) {
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
    if (png) artifacts.push(await session.saveArtifact(SCREENSHOT_FILE, Buffer.from(png), 'screenshot', 'image/png'));
  }
  if (har) {
    har.stop();
    let doc: string | undefined;
    try {
      doc = JSON.stringify(har.toHar(title || undefined), null, 2);
    } catch (err) {
      artifactErrors.push(`har: ${errorMessage(err)}`);
      ctx.log.warn({ err }, 'heartbeat: could not build the HAR');
    }
    if (doc !== undefined) artifacts.push(await session.saveArtifact(HAR_FILE, doc, 'har', 'application/json'));
  }
  session.assertHealthy();

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
    consoleErrors: session.consoleErrors,
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
