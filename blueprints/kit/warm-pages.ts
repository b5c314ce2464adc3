/**
 * Pre-warmed pages: opening an incognito context and a page costs far more than loading a small page (a
 * median of 0.4 s here on a busy 2-core machine, against about 0.1 s for the `goto`). Each browser keeps
 * a few spare (context, page) pairs, opened in the background after a session ends, so the next run starts
 * with its `goto`. A spare is used once, by one run: isolation is the same as opening a fresh context.
 */
import type { Browser, BrowserContext, Page } from 'puppeteer-core';

export interface FreshPage {
  context: BrowserContext;
  page: Page;
}

/** Spares kept per browser at most (also bounded by the sessions it ran at once). */
const MAX_SPARES = 4;

interface Spares {
  ready: Array<Promise<FreshPage | undefined>>;
  /** Sessions open now, and the most ever open at once: the spares a burst of runs needs. */
  open: number;
  peak: number;
}

const byBrowser = new WeakMap<Browser, Spares>();

function sparesOf(browser: Browser): Spares {
  let s = byBrowser.get(browser);
  if (!s) {
    s = { ready: [], open: 0, peak: 0 };
    byBrowser.set(browser, s);
  }
  return s;
}

async function open(browser: Browser): Promise<FreshPage> {
  const context = await browser.createBrowserContext();
  try {
    return { context, page: await context.newPage() };
  } catch (err) {
    await context.close().catch(() => undefined);
    throw err;
  }
}

/** A spare opened in the background; undefined when it could not be opened (the browser went away). */
function openSpare(browser: Browser): Promise<FreshPage | undefined> {
  return open(browser).catch(() => undefined);
}

/**
 * A fresh context and page for one session: a spare when one is ready and still usable, a new one otherwise.
 * Pair it with {@link releaseFreshPage} once the session's context is closed.
 */
export async function takeFreshPage(browser: Browser): Promise<FreshPage> {
  const s = sparesOf(browser);
  s.open++;
  s.peak = Math.max(s.peak, s.open);
  try {
    while (s.ready.length > 0) {
      const spare = await s.ready.shift();
      if (spare && browser.connected && !spare.page.isClosed()) return spare;
      if (spare) await spare.context.close().catch(() => undefined);
    }
    return await open(browser);
  } catch (err) {
    s.open--;
    throw err;
  }
}

/** A session ended: top the browser's spares up to what its busiest moment needed, in the background. */
export function releaseFreshPage(browser: Browser): void {
  const s = sparesOf(browser);
  s.open = Math.max(0, s.open - 1);
  if (!browser.connected) return;
  const want = Math.min(MAX_SPARES, Math.max(1, s.peak));
  while (s.ready.length < want) s.ready.push(openSpare(browser));
}

/** The contexts of the spares a browser holds, once their opening settled (for tests and diagnostics). */
export async function spareContexts(browser: Browser): Promise<BrowserContext[]> {
  const spares = await Promise.all(byBrowser.get(browser)?.ready ?? []);
  return spares.flatMap((s) => (s ? [s.context] : []));
}
