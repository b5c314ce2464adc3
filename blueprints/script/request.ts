import type { ScriptRequest, ScriptResponse } from './context.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The script's `request`: Node's fetch with a timeout (capped by `remainingMs()`), the run's abort signal,
 * and the body read as text. It redacts nothing itself: values read with `env()` are redacted by the runner.
 */
export function scriptRequest(signal: AbortSignal, remainingMs: () => number): ScriptRequest {
  return async (url, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const timeoutMs = Math.max(1, Math.min(init.timeoutMs ?? DEFAULT_TIMEOUT_MS, remainingMs()));
    const headers = new Headers(init.headers);
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        redirect: 'follow',
        signal: AbortSignal.any([signal, timeout]),
      });
      text = await res.text();
    } catch (err) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : err;
      if (timeout.aborted) throw new Error(`request ${method} ${url} failed: timeout ${timeoutMs} ms exceeded`);
      throw new Error(`request ${method} ${url} failed: ${describeFetchError(err)}`);
    }
    const durationMs = Math.round(performance.now() - started);
    const response: ScriptResponse = {
      status: res.status,
      ok: res.ok,
      url: res.url || url,
      headers: Object.fromEntries(res.headers),
      text,
      durationMs,
      json<T>() {
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new Error(
            `response of ${method} ${url} (HTTP ${res.status}) is not JSON: ${JSON.stringify(text.slice(0, 80))}`,
          );
        }
      },
    };
    return response;
  };
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND…). */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error) return cause.message;
  return err.message;
}
