import { TimeoutError, type ElementHandle, type Page } from 'puppeteer-core';
import { acrossNavigation } from './across-navigation.ts';

export interface ElementWait {
  /** Wait until the element is visible, not only present. */
  visible: boolean;
  timeoutMs: number;
  /** `wait` → "waiting for selector … failed", `verify` → "expected an element matching …". */
  kind?: 'wait' | 'verify';
}

/** Waits for `selector` (across navigations); a timeout becomes a message naming the selector and what was missing. */
export async function waitForElement(page: Page, selector: string, o: ElementWait): Promise<ElementHandle<Element>> {
  try {
    const handle = await acrossNavigation(o.timeoutMs, (left) =>
      page.waitForSelector(selector, { visible: o.visible, timeout: left }),
    );
    if (handle) return handle;
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
  }
  const found = await countMatches(page, selector);
  const seen =
    found === undefined
      ? ''
      : found === 0
        ? 'no element matches'
        : `${found} matching element${found > 1 ? 's' : ''} present but not visible`;
  if (o.kind === 'verify') {
    const what = o.visible ? 'a visible element' : 'an element';
    throw new Error(
      `expected ${what} matching "${selector}", found none within ${o.timeoutMs} ms${seen ? ` (${seen})` : ''}`,
    );
  }
  throw new Error(
    `waiting for selector "${selector}" failed: timeout ${o.timeoutMs} ms exceeded${seen ? ` (${seen})` : ''}`,
  );
}

async function countMatches(page: Page, selector: string): Promise<number | undefined> {
  try {
    return await page.$$eval(selector, (els) => els.length);
  } catch {
    return undefined; // the page is navigating: say nothing rather than guess
  }
}
