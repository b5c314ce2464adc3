import type { ResolvedConfig } from '../config/config-schema.ts';

/** `http://host:port`, with an IPv6 host in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The API's address for links in notifications, from the config alone (so every process, with the API role or
 * without, links to the same place). None when the config gives no address others can use: an ephemeral port (0)
 * or a wildcard host.
 */
export function apiBaseUrl(api: Pick<ResolvedConfig['api'], 'host' | 'port'>): string | undefined {
  return api.port !== 0 && !['0.0.0.0', '::'].includes(api.host) ? httpUrl(api.host, api.port) : undefined;
}
