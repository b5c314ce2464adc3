/** A `dnsProviders` entry of type `rfc2136`: the primary server to send UPDATEs to, its zone, the TSIG key. */
import { isIP } from 'node:net';
import { z } from 'zod';
import { isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import { TSIG_ALGORITHMS } from './tsig.ts';

const dnsName = z
  .string()
  .transform(normaliseDnsName)
  .refine(isValidDnsName, { error: 'expected a DNS name such as corp.example' });

/** `host:port`, `host` (port 53), `[v6]:port`; the host an IP address (no resolution between us and the primary). */
export function parseServer(text: string): { host: string; port: number } | undefined {
  if (isIP(text) === 6) return { host: text, port: 53 };
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  const host = m?.[1] ?? '';
  const port = Number(m?.[2] ?? '53');
  if (isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const tsigSchema = z
  .strictObject({
    /** The key's name, as in BIND's `key "canary" { … }`. */
    name: dnsName,
    algorithm: z.enum(TSIG_ALGORITHMS),
    /** The environment variable holding the base64 secret (BIND's `secret "…"`). */
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' }),
  })
  .superRefine((t, ctx) => {
    const value = process.env[t.secretEnv];
    if (value === undefined || value === '')
      ctx.addIssue({
        code: 'custom',
        path: ['secretEnv'],
        message: `environment variable ${t.secretEnv} is not set: it must hold the base64 secret of TSIG key "${t.name}"`,
      });
    else if (!BASE64.test(value.trim()))
      ctx.addIssue({
        code: 'custom',
        path: ['secretEnv'],
        message: `environment variable ${t.secretEnv} is not base64 (expected the secret as BIND's key clause writes it)`,
      });
  });

export const rfc2136EntrySchema = z.strictObject({
  type: z.literal('rfc2136'),
  /** The primary (master) server that accepts updates: `192.0.2.53:53`. */
  server: z.string().transform((s, ctx) => {
    const parsed = parseServer(s.trim());
    if (parsed) return parsed;
    ctx.addIssue({ code: 'custom', message: `expected host:port with an IP address (192.0.2.53:53), got "${s}"` });
    return z.NEVER;
  }),
  zone: dnsName,
  tsig: tsigSchema.optional(),
  /** How long one exchange with the server may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(2_000),
});

export type Rfc2136Entry = z.output<typeof rfc2136EntrySchema>;
