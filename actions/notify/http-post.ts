import { ActionError } from '../../core/action.ts';
import { parseRetryAfter } from '../../core/retry-after.ts';
import { redact } from './secrets.ts';

/** A retryable failure whose receiver said when to come back (HTTP `Retry-After`). */
export class RetryLaterError extends ActionError {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message, { retryable: true });
    this.name = 'RetryLaterError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx, 408 and 429 may succeed later; any other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export interface PostOptions {
  /** How errors name the request, e.g. `POST https://example.com/hook`; must hold no secret. */
  label: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Values scrubbed from any text that ends up in an error message. */
  secrets?: ReadonlyArray<string | undefined>;
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs `body` (already serialized JSON) and classifies failures as retryable or not. */
export async function postJson(url: string, body: string, opts: PostOptions): Promise<PostResult> {
  const secrets = opts.secrets ?? [];
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw new ActionError(`${opts.label} failed: ${redact((err as Error).message, secrets)}`, { retryable: true });
  }
  if (res.ok) return { status: res.status, body: text };
  const snippet = redact(text.replace(/\s+/g, ' ').trim().slice(0, 200), secrets);
  const message = `${opts.label} answered HTTP ${res.status}${snippet ? ` (${snippet})` : ''}`;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  if (isRetryableStatus(res.status) && retryAfterMs !== undefined) {
    throw new RetryLaterError(`${message}; retry after ${Math.ceil(retryAfterMs / 1_000)}s`, retryAfterMs);
  }
  throw new ActionError(message, { retryable: isRetryableStatus(res.status) });
}
