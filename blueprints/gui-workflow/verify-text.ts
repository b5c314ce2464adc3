import { TimeoutError, type Page } from 'puppeteer-core';
import { acrossNavigation } from './across-navigation.ts';
import { waitForElement } from './element-wait.ts';

export type TextMatch = 'contains' | 'equals';

const MAX_FOUND = 200;

/**
 * Waits until the first element matching `selector` has `expected` in its visible text (whitespace-insensitive),
 * or exactly that text with `equals`. Fails with what was found instead.
 */
export async function verifyText(
  page: Page,
  selector: string,
  expected: string,
  match: TextMatch,
  timeoutMs: number,
): Promise<string> {
  const started = Date.now();
  await waitForElement(page, selector, { visible: false, timeoutMs });
  const left = Math.max(1, timeoutMs - (Date.now() - started));
  try {
    await acrossNavigation(left, (leftMs) =>
      page.waitForFunction(
        // No named inner functions: under tsx they would call an `__name` helper that the page does not have.
        (sel: string, exp: string, mode: string) => {
          const el = document.querySelector(sel);
          if (!el) return false;
          const text = ((el as HTMLElement).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
          const want = exp.replace(/\s+/g, ' ').trim();
          return mode === 'equals' ? text === want : text.includes(want);
        },
        { timeout: leftMs, polling: 100 },
        selector,
        expected,
        match,
      ),
    );
    return expected;
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
  }
  const found = await readText(page, selector);
  const shown =
    found === undefined
      ? 'no element'
      : JSON.stringify(found.length > MAX_FOUND ? `${found.slice(0, MAX_FOUND - 1)}…` : found);
  const wanted = match === 'equals' ? `text equal to ${JSON.stringify(expected)}` : `text ${JSON.stringify(expected)}`;
  throw new Error(`expected ${wanted} in ${selector}, found ${shown}`);
}

async function readText(page: Page, selector: string): Promise<string | undefined> {
  try {
    const text = await page.$eval(selector, (el) => (el as HTMLElement).innerText ?? el.textContent ?? '');
    return text.replace(/\s+/g, ' ').trim();
  } catch {
    return undefined;
  }
}
