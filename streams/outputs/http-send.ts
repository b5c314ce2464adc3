import { SinkError } from './output.ts';

export interface HttpSendOptions {
  url: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Names the sink in errors (`Prometheus remote write`). */
  label: string;
}

/**
 * POSTs one delivery. A 2xx is done; a 429, a 5xx, a timeout or a network error is a retryable {@link SinkError};
 * any other status is not retryable (the receiver refused the data as it is).
 */
export async function httpSend(o: HttpSendOptions): Promise<void> {
  let res: Response;
  try {
    res = await fetch(o.url, {
      method: 'POST',
      headers: o.headers,
      body: typeof o.body === 'string' ? o.body : Uint8Array.from(o.body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SinkError(
      `${o.label} to ${o.url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      true,
    );
  }
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const text = (await res.text().catch(() => '')).slice(0, 300).trim();
  const retryable = res.status === 429 || res.status >= 500;
  throw new SinkError(`${o.label} to ${o.url}: HTTP ${res.status}${text ? ` ${text}` : ''}`, retryable);
}
