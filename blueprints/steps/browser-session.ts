import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact } from '../../core/types.ts';
import { MachineryError } from './machinery-error.ts';

const MAX_CONSOLE_ERRORS = 50;

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors, in order (capped). */
  consoleErrors: string[];
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
 * Runs `fn` with a page in a fresh incognito context of the worker's shared Chromium. The context is always
 * closed; an abort from the runner closes it at once and rejects (→ ERROR).
 */
export async function withBrowserSession<T>(
  ctx: BlueprintContext,
  opts: BrowserSessionOptions,
  fn: (s: BrowserSession) => Promise<T>,
): Promise<T> {
  if (ctx.signal.aborted) throw ctx.signal.reason as Error;
  const browser = await ctx.browser.acquire();
  const context = await browser.createBrowserContext();
  const close = () => context.close().catch(() => {});
  const onAbort = () => void close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const page = await context.newPage();
    await page.setViewport({
      width: 1280,
      height: 800,
      deviceScaleFactor: opts.deviceScaleFactor ?? 1,
      ...opts.viewport,
    });
    const consoleErrors: string[] = [];
    const push = (msg: string) =>
      void (consoleErrors.length < MAX_CONSOLE_ERRORS && consoleErrors.push(msg.slice(0, 1000)));
    page.on('console', (m) => {
      if (m.type() === 'error') push(m.text());
    });
    page.on('pageerror', (e) => push(e instanceof Error ? e.message : String(e)));
    const saveArtifact = async (
      file: string,
      data: Buffer | string,
      kind: Artifact['kind'],
      contentType: string,
    ): Promise<Artifact> => {
      await writeFile(path.join(ctx.artifactDir, file), data);
      return { kind, path: path.posix.join(ctx.artifactPrefix, file), contentType };
    };
    const session: BrowserSession = {
      page,
      context,
      consoleErrors,
      saveArtifact,
      async screenshot(label, o = {}) {
        const png = await page.screenshot({ fullPage: o.fullPage ?? true, type: 'png' });
        return saveArtifact(artifactFileName(label, 'png'), Buffer.from(png), 'screenshot', 'image/png');
      },
    };
    const aborted = new Promise<never>((_, reject) => {
      ctx.signal.addEventListener(
        'abort',
        () => reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new MachineryError('run aborted')),
        { once: true },
      );
    });
    aborted.catch(() => {});
    return await Promise.race([fn(session), aborted]);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await close();
  }
}
