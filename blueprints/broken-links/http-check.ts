/** Checks one URL over HTTP: HEAD, GET when HEAD is refused or fails, and waits out 429s. */
import http from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from '../../core/retry-after.ts';
import type { PageBody } from './html-links.ts';
import { isHtml } from './url-rules.ts';

export const USER_AGENT = 'canarykit-broken-links/0.1';

export interface HttpCheckOptions {
  timeoutMs: number;
  /** Retries of a 429 answer. */
  maxRetries: number;
  /** Longest wait before a retry, whatever Retry-After asks. */
  maxRetryAfterMs: number;
  /** Aborts the check (deadline or end of run); the check then rejects. */
  signal: AbortSignal;
  /**
   * The URL may be a page to read: GET it (no HEAD first) and keep the body of an HTML answer, so the page is
   * fetched once. Other answers' bodies are drained (small ones) or dropped.
   */
  keepHtml?: boolean;
}

export interface HttpOutcome {
  /** Final status after redirects; absent on a network error or timeout. */
  status?: number;
  error?: string;
  /** URL after redirects. */
  finalUrl: string;
  contentType?: string;
  /** 429 retries made. */
  retries: number;
  /** With keepHtml, an HTML answer's body (up to MAX_PAGE_BYTES); absent when it could not be read in time. */
  page?: PageBody;
}

/**
 * HEAD `url` (GET on 405, 501 or a network error, which also covers a kept-alive connection the server had just
 * closed), retrying 429 answers as Retry-After says. With keepHtml: GET, and GET again on a network error.
 * Rejects only when `signal` aborts.
 */
export async function httpCheck(url: string, opts: HttpCheckOptions): Promise<HttpOutcome> {
  const first = opts.keepHtml ? 'GET' : 'HEAD';
  for (let retries = 0; ; retries++) {
    let out = await request(first, url, opts);
    if (out.error !== undefined || (first === 'HEAD' && (out.status === 405 || out.status === 501)))
      out = await request('GET', url, opts);
    const { retryAfter, ...outcome } = out;
    if (out.status !== 429 || retries >= opts.maxRetries) return { ...outcome, retries };
    const asked = parseRetryAfter(retryAfter) ?? 1_000 * 2 ** retries;
    await sleep(Math.min(asked, opts.maxRetryAfterMs), opts.signal);
  }
}

/** Most bytes of a page read (links past it are not found). */
export const MAX_PAGE_BYTES = 10 * 1024 * 1024;
/** Bodies not needed up to this size (by Content-Length) are read and dropped, keeping the connection; larger ones close it. */
const DRAIN_MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Keep-alive agents: fetch() closes the connection after every HEAD, which makes a crawl several times slower. */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

type Answer = Omit<HttpOutcome, 'retries'> & { retryAfter?: string };

/** One check with one method, following redirects; network errors and timeouts become `error`. */
async function request(method: 'HEAD' | 'GET', url: string, opts: HttpCheckOptions): Promise<Answer> {
  opts.signal.throwIfAborted();
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort(new Error('timeout'));
  }, opts.timeoutMs);
  const onStop = () => ctl.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', onStop, { once: true });
  const { signal } = ctl;
  let current = new URL(url);
  try {
    for (let hops = 0; ; hops++) {
      const res = await exchange(method, current, signal);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) {
        const contentType = res.headers['content-type'];
        const retryAfter = res.headers['retry-after'];
        const page =
          method === 'GET' && opts.keepHtml && isHtml(contentType)
            ? await readPage(res, opts.signal)
            : (discard(method, res, opts.timeoutMs), undefined);
        return {
          status: res.statusCode ?? 0,
          finalUrl: current.href,
          ...(contentType === undefined ? {} : { contentType }),
          ...(retryAfter === undefined ? {} : { retryAfter }),
          ...(page === undefined ? {} : { page }),
        };
      }
      discard(method, res, opts.timeoutMs);
      if (hops >= MAX_REDIRECTS) return { finalUrl: current.href, error: `more than ${MAX_REDIRECTS} redirects` };
      current = new URL(location, current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:')
        return { finalUrl: current.href, error: `redirected to ${current.protocol} URL` };
    }
  } catch (err) {
    opts.signal.throwIfAborted();
    return { finalUrl: current.href, error: timedOut ? `timeout after ${opts.timeoutMs} ms` : networkError(err) };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onStop);
  }
}

/** Sends one request and resolves with the response head; the caller reads or discards the body. */
function exchange(method: 'HEAD' | 'GET', url: URL, signal: AbortSignal): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method,
        signal,
        agent: secure ? agents.https : agents.http,
        headers: { 'user-agent': USER_AGENT, accept: method === 'GET' ? 'text/html,*/*;q=0.8' : '*/*' },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Drops a body not needed: a small one is read to its end in the background, so its kept-alive connection is reused. */
function discard(method: 'HEAD' | 'GET', res: http.IncomingMessage, timeoutMs: number): void {
  if (method === 'HEAD') return void res.resume();
  const length = Number(res.headers['content-length'] ?? Number.NaN);
  if (length <= DRAIN_MAX_BYTES) {
    // A body that stalls must not hold its socket for ever.
    const timer = setTimeout(() => res.destroy(), timeoutMs);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    res.resume();
  } else {
    res.destroy();
  }
}

/**
 * Reads an HTML body (at most MAX_PAGE_BYTES; the rest is dropped) within the check's time limit. A body that
 * fails half-way (timeout, reset) gives undefined: the link answered, and the page is fetched again to be read.
 */
async function readPage(res: http.IncomingMessage, signal: AbortSignal): Promise<PageBody | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_PAGE_BYTES) {
        res.destroy();
        break;
      }
    }
  } catch {
    signal.throwIfAborted();
    return undefined;
  }
  if (!res.complete && size < MAX_PAGE_BYTES) return undefined;
  const contentType = res.headers['content-type'];
  const contentEncoding = res.headers['content-encoding'];
  return {
    bytes: Buffer.concat(chunks, size).subarray(0, MAX_PAGE_BYTES),
    ...(contentType === undefined ? {} : { contentType }),
    ...(contentEncoding === undefined ? {} : { contentEncoding }),
  };
}

/** `ECONNREFUSED`, `ENOTFOUND example.invalid`, `redirect count exceeded`…: the most specific cause fetch gives. */
function networkError(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
