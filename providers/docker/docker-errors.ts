/** Engine API failures as ProviderErrors: whether another attempt may help. */
import { ProviderError } from '../../core/provider.ts';
import { dockerEndpoint } from './docker-client.ts';

interface ModemError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  message?: string;
}

/** `what` is the call, such as `starting container web-1`. */
export function dockerError(what: string, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as ModemError;
  const said = e.json?.message ?? e.message ?? String(err);
  const status = e.statusCode;
  if (status === 404)
    return new ProviderError(`${what}: no such container (${said})`, { retryable: false, cause: err });
  // A bad request or a refused one (an invalid config) will fail the same way again.
  if (status === 400 || status === 403)
    return new ProviderError(`${what}: refused by Docker (${status}): ${said}`, { retryable: false, cause: err });
  if (status !== undefined)
    return new ProviderError(`${what}: Docker answered ${status}: ${said}`, { retryable: true, cause: err });
  // No HTTP answer: the daemon is down, unreachable, or too slow (the request timed out).
  const reason = e.code ? `${e.code}${said && !said.includes(e.code) ? ` ${said}` : ''}` : said;
  return new ProviderError(`${what}: the Docker daemon at ${dockerEndpoint()} did not answer: ${reason}`, {
    retryable: true,
    cause: err,
  });
}
