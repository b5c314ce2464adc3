/** Sends one HTTP request with Node's fetch and reads the response, bounded in time and size. */

/** Bytes of a response body read for assertions and extraction; the rest is dropped. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  followRedirects: boolean;
  timeoutMs: number;
  /** Appended to a timeout's reason, e.g. ` (the canary's 5 s timeout)`. */
  timeoutNote?: string;
}

export interface IncomingResponse {
  status: number;
  statusText: string;
  /** The URL that answered, after redirects. */
  url: string;
  redirected: boolean;
  headers: Record<string, string>;
  body: string;
  /** Bytes read (at most MAX_BODY_BYTES). */
  bodyBytes: number;
  bodyTruncated: boolean;
}

export interface Exchange {
  response?: IncomingResponse;
  /** Why no response came: `connect ECONNREFUSED 127.0.0.1:1234`, `timeout after 2000 ms`. */
  error?: string;
  /** Until the response headers arrived. */
  ttfbMs?: number;
  /** Until the body was read (or the request failed). */
  totalMs: number;
}

/**
 * Never rejects for the target's misbehaviour (network errors and timeouts become `error`); rejects only
 * with `signal`'s reason when the run is aborted, which the step runner records as ERROR.
 */
export async function send(req: OutgoingRequest, signal: AbortSignal): Promise<Exchange> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, req.timeoutMs);
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  let ttfbMs: number | undefined;
  try {
    if (signal.aborted) throw signal.reason;
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      redirect: req.followRedirects ? 'follow' : 'manual',
      signal: controller.signal,
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    const headersAt = since();
    ttfbMs = headersAt;
    const { text, bytes, truncated } = await readBody(res);
    return {
      response: {
        status: res.status,
        statusText: res.statusText,
        url: res.url || req.url,
        redirected: res.redirected,
        headers: Object.fromEntries(res.headers),
        body: text,
        bodyBytes: bytes,
        bodyTruncated: truncated,
      },
      ttfbMs: headersAt,
      totalMs: since(),
    };
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const error = timedOut ? `timeout after ${req.timeoutMs} ms${req.timeoutNote ?? ''}` : networkError(err);
    return { error, ...(ttfbMs === undefined ? {} : { ttfbMs }), totalMs: since() };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

async function readBody(res: Response): Promise<{ text: string; bytes: number; truncated: boolean }> {
  if (!res.body) return { text: '', bytes: 0, truncated: false };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.byteLength, MAX_BODY_BYTES - bytes);
    chunks.push(take < value.byteLength ? value.subarray(0, take) : value);
    bytes += take;
    if (take < value.byteLength) {
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes, truncated };
}

/** A human reason from fetch's `TypeError: fetch failed` and its cause. */
export function networkError(err: unknown): string {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  const inner = cause instanceof AggregateError ? ((cause.errors[0] as unknown) ?? cause) : cause;
  if (inner instanceof Error) {
    const code = (inner as NodeJS.ErrnoException).code;
    return inner.message || code || inner.name;
  }
  return err instanceof Error ? err.message : String(err);
}
