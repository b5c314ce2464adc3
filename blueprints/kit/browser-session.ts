import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact } from '../../core/types.ts';
import { withTimeout } from '../../core/with-timeout.ts';
import { MachineryError } from './machinery-error.ts';
import { raceAbort, throwIfAborted } from './run-abort.ts';
import { releaseFreshPage, takeFreshPage } from './warm-pages.ts';

const MAX_CONSOLE_ERRORS = 50;
const MAX_CONSOLE_ERROR_LENGTH = 1_000;
const CONTEXT_CLOSE_TIMEOUT_MS = 5_000;

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  /** Console errors and uncaught page errors, in order (capped at 50, each at 1 000 characters). */
  consoleErrors: string[];
  /** The page's `error` event (its renderer crashed), once it happened. */
  readonly crash: Error | undefined;
  /**
   * Throws when a failure came from the machinery rather than the site: the run was aborted (the signal's
   * reason), or a MachineryError when the browser disconnected, the page crashed or the page was closed.
   * Returns when the machinery is healthy, so the failure (`cause`) is the site's.
   */
  assertHealthy(cause?: unknown): void;
  /** Full-page screenshot saved as `<label>.png` in the run's artifact dir. */
  screenshot(label: string, options?: { fullPage?: boolean }): Promise<Artifact>;
  /** Writes a file into the run's artifact dir and returns its artifact. */
  saveArtifact(file: string, data: Buffer | string, kind: Artifact['kind'], contentType: string): Promise<Artifact>;
}

export interface BrowserSessionOptions {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}

/** A file name made safe from a step or label name. */
export function artifactFileName(label: string, ext: string): string {
  const base =
    label
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'artifact';
  return `${base}.${ext}`;
}

/**
 * Runs `fn` with a page in a fresh incognito context of the worker's shared Chromium (opened ahead of time, see
 * warm-pages.ts). The context is always closed (within 5 s); an abort from the runner closes it at once and
 * rejects (→ ERROR), and so does an abort that comes while `fn` is settling.
 */
export async function withBrowserSession<T>(
  ctx: BlueprintContext,
  opts: BrowserSessionOptions,
  fn: (s: BrowserSession) => Promise<T>,
): Promise<T> {
  throwIfAborted(ctx.signal);
  const browser = await ctx.browser.acquire();
  throwIfAborted(ctx.signal);
  const { context, page } = await takeFreshPage(browser);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= withTimeout(
      context.close(),
      CONTEXT_CLOSE_TIMEOUT_MS,
      `closing the browser context took longer than ${CONTEXT_CLOSE_TIMEOUT_MS} ms`,
    ).catch((err: unknown) => {
      if (browser.connected) ctx.log.warn({ err }, 'could not close the browser context');
    }));
  // On abort: close the context at once (that also cancels whatever the page is doing) and reject.
  const onAbort = (): void => void close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await raceAbort(
      openSession(ctx, opts, browser, context, page).then((session) => fn(session)),
      ctx.signal,
    );
    throwIfAborted(ctx.signal);
    return result;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await close();
    releaseFreshPage(browser);
  }
}

async function openSession(
  ctx: BlueprintContext,
  opts: BrowserSessionOptions,
  browser: Browser,
  context: BrowserContext,
  page: Page,
): Promise<BrowserSession> {
  await page.setViewport({
    width: 1280,
    height: 800,
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
    ...opts.viewport,
  });
  const consoleErrors: string[] = [];
  const push = (text: string): void => {
    if (consoleErrors.length < MAX_CONSOLE_ERRORS) consoleErrors.push(truncate(text, MAX_CONSOLE_ERROR_LENGTH));
  };
  page.on('console', (m) => {
    if (m.type() === 'error') push(m.text());
  });
  page.on('pageerror', (e: unknown) => push(e instanceof Error ? e.message : String(e)));
  let crash: Error | undefined;
  page.on('error', (err: Error) => {
    crash = err;
  });
  const saveArtifact = async (
    file: string,
    data: Buffer | string,
    kind: Artifact['kind'],
    contentType: string,
  ): Promise<Artifact> => {
    await writeFile(path.join(ctx.artifactDir, file), data);
    return { kind, path: path.posix.join(ctx.artifactPrefix, file), contentType };
  };
  return {
    page,
    context,
    browser,
    consoleErrors,
    get crash() {
      return crash;
    },
    assertHealthy(cause?: unknown) {
      throwIfAborted(ctx.signal);
      if (!browser.connected)
        throw new MachineryError('browser disconnected during the run (crashed or killed)', { cause });
      if (crash) throw new MachineryError(`page crashed: ${crash.message}`, { cause: crash });
      if (page.isClosed()) throw new MachineryError('page was closed during the run', { cause });
    },
    saveArtifact,
    async screenshot(label, o = {}) {
      const png = await page.screenshot({ fullPage: o.fullPage ?? true, type: 'png' });
      return saveArtifact(artifactFileName(label, 'png'), Buffer.from(png), 'screenshot', 'image/png');
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
