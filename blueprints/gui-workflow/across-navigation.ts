import { TimeoutError } from 'puppeteer-core';

/** Errors Puppeteer raises when the page navigates while it is waiting; the wait is worth retrying. */
const NAVIGATION_ERRORS =
  /Execution context was destroyed|Cannot find context|frame (was|got) detached|Waiting for selector .* failed|Waiting failed|Target closed.*navigat|Protocol error.*(context|navigat)/i;

/**
 * Runs a wait until it succeeds, times out (TimeoutError, rethrown), or fails for a reason other than the page
 * navigating underneath it. A step such as `press Enter` often starts a navigation the next step's wait races with.
 */
export async function acrossNavigation<T>(timeoutMs: number, wait: (leftMs: number) => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new TimeoutError(`timeout ${timeoutMs} ms exceeded`);
    try {
      return await wait(left);
    } catch (err) {
      if (
        err instanceof TimeoutError ||
        !(err instanceof Error) ||
        !NAVIGATION_ERRORS.test(`${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`)
      )
        throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
