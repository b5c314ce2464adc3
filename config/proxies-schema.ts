import { isIP } from 'node:net';
import { z } from 'zod';

/** A fault proxy from the `proxies` config section, as validated. */
export interface ProxyConfig {
  listen: { host: string; port: number };
  /** `http://host:port` or `https://…` (a base path is kept). */
  upstream: string;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** `127.0.0.2:8081` or `[::1]:8081` → host and port, or a message saying what is wrong. */
export function parseListen(text: string): { host: string; port: number } | string {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!m && !text.includes('[') && text.split(':').length > 2)
    return `expected "host:port" with an IPv6 host in brackets ("[::1]:8081"), got "${text}"`;
  if (!m) return `expected "host:port" (IPv6 in brackets: "[::1]:8081"), got "${text}"`;
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if (m[1] !== undefined ? isIP(host) !== 6 : isIP(host) !== 4)
    return `"${host}" is not an IP address${m[1] === undefined && host.includes(':') ? ' (put IPv6 in brackets)' : ''}`;
  if (port > 65_535) return `port ${port} is out of range (0–65535)`;
  return { host, port };
}

const listenSchema = z.string().transform((text, ctx) => {
  const r = parseListen(text);
  if (typeof r === 'string') {
    ctx.addIssue({ code: 'custom', message: r });
    return z.NEVER;
  }
  return r;
});

const upstreamSchema = z.string().refine(
  (text) => {
    try {
      const u = new URL(text);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.search;
    } catch {
      return false;
    }
  },
  { error: 'expected an http:// or https:// URL such as "http://127.0.0.12:8081" (no credentials, no query)' },
);

const proxySchema = z.strictObject({ listen: listenSchema, upstream: upstreamSchema });

/**
 * `proxies`: the built-in fault proxies, by name (`www-primary`), each listening on `listen` and forwarding to
 * `upstream`; `http` faults name them. Two proxies cannot share a listen address. Entries are checked one by one
 * in a single pass, so a bad name, a bad entry and a shared address are all reported in the same round.
 */
export const proxiesSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .transform((raw, ctx) => {
    const out: Record<string, ProxyConfig> = {};
    const byAddress = new Map<string, string>();
    for (const [name, entry] of Object.entries(raw)) {
      if (!NAME.test(name))
        ctx.addIssue({
          code: 'custom',
          message: `proxy name "${name}": expected lowercase letters, digits and "-", starting with a letter or digit`,
          path: [name],
        });
      const r = proxySchema.safeParse(entry);
      if (!r.success) {
        for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [name, ...issue.path] } as never);
        continue;
      }
      out[name] = r.data;
      if (r.data.listen.port === 0) continue;
      const { host, port } = r.data.listen;
      const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      const other = byAddress.get(address);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `proxies "${other}" and "${name}" both listen on ${address}`,
          path: [name, 'listen'],
        });
      else byAddress.set(address, name);
    }
    return out;
  }) satisfies z.ZodType<Record<string, ProxyConfig>, unknown>;
