/** Checks one URL over HTTP: HEAD, GET when HEAD is refused or fails, and waits out 429s. */
import http from 'node:http';
import https from 'node:https';

export const USER_AGENT = 'canarykit-broken-links/0.1';

export interface HttpCheckOptions {
  timeoutMs: number;
  /** Retries of a 429 answer. */
  maxRetries: number;
  /** Longest wait before a retry, whatever Retry-After asks. */
  maxRetryAfterMs: number;
  /** Aborts the check (deadline or end of run); the check then rejects. */
  signal: AbortSignal;
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
}

/**
 * HEAD `url` (GET on 405, 501 or a network error, which also covers a kept-alive connection the server had just
 * closed), retrying 429 answers as Retry-After says. Rejects only when `signal` aborts.
 */
export async function httpCheck(url: string, opts: HttpCheckOptions): Promise<HttpOutcome> {
  for (let retries = 0; ; retries++) {
    let out = await request('HEAD', url, opts);
    if (out.error !== undefined || out.status === 405 || out.status === 501) out = await request('GET', url, opts);
    const { retryAfter, ...outcome } = out;
    if (out.status !== 429 || retries >= opts.maxRetries) return { ...outcome, retries };
    const asked = retryAfterMs(retryAfter) ?? 1_000 * 2 ** retries;
    await sleep(Math.min(asked, opts.maxRetryAfterMs), opts.signal);
  }
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1_000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Keep-alive agents: fetch() closes the connection after every HEAD, which makes a crawl several times slower. */
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

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
        return {
          status: res.statusCode ?? 0, finalUrl: current.href,
          ...(contentType === undefined ? {} : { contentType }), ...(retryAfter === undefined ? {} : { retryAfter }),
        };
      }
      if (hops >= MAX_REDIRECTS) return { finalUrl: current.href, error: `more than ${MAX_REDIRECTS} redirects` };
      current = new URL(location, current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') return { finalUrl: current.href, error: `redirected to ${current.protocol} URL` };
    }
  } catch (err) {
    opts.signal.throwIfAborted();
    return { finalUrl: current.href, error: timedOut ? `timeout after ${opts.timeoutMs} ms` : networkError(err) };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onStop);
  }
}

/** Sends one request and resolves with the response head; a GET's body is not read (its socket is dropped). */
function exchange(method: 'HEAD' | 'GET', url: URL, signal: AbortSignal): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, {
      method, signal, agent: secure ? agents.https : agents.http,
      headers: { 'user-agent': USER_AGENT, accept: method === 'GET' ? 'text/html,*/*;q=0.8' : '*/*' },
    }, (res) => {
      if (method === 'HEAD') res.resume();
      else res.destroy();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
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
