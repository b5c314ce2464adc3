import type { Page } from 'puppeteer-core';
import { TimeoutExceededError, withTimeout } from '../../core/with-timeout.ts';
import { errorMessage } from '../kit/error-message.ts';

/**
 * The page's visible text (`document.body.innerText`) within `timeoutMs`; rejects with a TimeoutExceededError
 * when the page does not answer in time (its own scripts hog it).
 */
export async function readBodyText(page: Page, timeoutMs: number): Promise<string> {
  if (timeoutMs < 50) throw new TimeoutExceededError('reading document.body.innerText: out of time');
  const read = (): Promise<string> =>
    withTimeout(
      page.evaluate(() => document.body?.innerText ?? ''),
      timeoutMs,
      `reading document.body.innerText took longer than ${timeoutMs} ms`,
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
