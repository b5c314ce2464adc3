/**
 * The few Cloudflare API v4 calls the provider makes, over fetch: a zone, its DNS records by name and type, and a
 * batch of record changes (deletes, patches, posts, applied atomically). Failures are ProviderErrors; the token is
 * sent as a bearer token and never appears in a message.
 */
import { ProviderError } from '../../core/provider.ts';

export interface CloudflareRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied?: boolean;
}

export interface RecordBatch {
  deletes?: Array<{ id: string }>;
  patches?: Array<{ id: string; content: string; ttl?: number }>;
  posts?: Array<{ name: string; type: string; content: string; ttl: number; proxied?: boolean }>;
}

interface Envelope<T> {
  success?: boolean;
  errors?: Array<{ code?: number; message?: string }>;
  result?: T;
}

export class CloudflareApi {
  constructor(
    private readonly o: {
      apiUrl: string;
      zoneId: string;
      token: () => string | undefined;
      tokenEnv: string;
      timeoutMs: number;
    },
  ) {}

  async zoneName(): Promise<string> {
    const zone = await this.call<{ name?: string }>('GET', '', `reading zone ${this.o.zoneId}`);
    if (!zone.name)
      throw new ProviderError(`Cloudflare zone ${this.o.zoneId}: the API returned no name`, { retryable: true });
    return zone.name;
  }

  /** Every record of `name` and `type` (an A RRset is one record per address). */
  async records(name: string, type: string): Promise<CloudflareRecord[]> {
    const out: CloudflareRecord[] = [];
    for (let page = 1; ; page++) {
      const q = new URLSearchParams({ name, type, per_page: '100', page: String(page) });
      const batch = await this.call<CloudflareRecord[]>('GET', `/dns_records?${q}`, `listing ${type} ${name}`);
      out.push(...batch);
      if (batch.length < 100) return out;
    }
  }

  async batch(changes: RecordBatch, what: string): Promise<void> {
    await this.call('POST', '/dns_records/batch', what, changes);
  }

  private async call<T>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    const token = this.o.token();
    if (!token)
      throw new ProviderError(
        `${what}: environment variable ${this.o.tokenEnv} (the Cloudflare API token) is not set`,
        {
          retryable: false,
        },
      );
    const url = `${this.o.apiUrl.replace(/\/+$/, '')}/zones/${this.o.zoneId}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
    } catch (err) {
      throw new ProviderError(`${what}: the Cloudflare API did not answer: ${(err as Error).message}`, {
        retryable: true,
        cause: err,
      });
    }
    const text = await res.text();
    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      envelope = undefined;
    }
    if (res.ok && envelope?.success === true && envelope.result !== undefined) return envelope.result;
    const said =
      envelope?.errors?.map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ') || text.slice(0, 200);
    const hint =
      res.status === 401 || res.status === 403
        ? ` (the token in ${this.o.tokenEnv} is invalid or lacks DNS:Edit on zone ${this.o.zoneId})`
        : '';
    // Throttled or the API's own failure: another attempt may succeed; a refused or bad request will not.
    const retryable = res.status === 429 || res.status >= 500 || (res.ok && envelope === undefined);
    throw new ProviderError(`${what}: Cloudflare answered ${res.status}: ${said}${hint}`, { retryable });
  }
}
