import { z } from 'zod';
import { assertionSchema, extractionSchema, headerName } from './assert-schema.ts';
import { oneOfKeys } from './one-of-keys.ts';

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const PLACEHOLDER = /\{\{[^}]*\}\}/g;

/** An absolute http(s) URL, possibly with `{{var}}` placeholders (checked again once rendered). */
const url = z.string().superRefine((u, ctx) => {
  if (/^\s*\{\{/.test(u)) return; // the whole origin comes from a variable
  let parsed: URL | undefined;
  try {
    parsed = new URL(u.replace(PLACEHOLDER, '1'));
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) ctx.addIssue('expected an absolute http:// or https:// URL');
});

const auth = oneOfKeys('auth', {
  basic: z.strictObject({ basic: z.strictObject({ username: z.string(), password: z.string() }) }),
  bearer: z.strictObject({ bearer: z.string().min(1, 'expected a token') }),
});

const variableName = z.string().regex(/^[A-Za-z_][\w-]*$/, 'expected a variable name (letters, digits, _ and -)');

/** A record whose keys are checked by `key`; a bad key is reported at its own place (`extract.bad name`). */
function keyedRecord<V extends z.ZodType>(value: V, key: z.ZodType<string>) {
  return z.record(z.string(), value).superRefine(
    (rec, ctx) => {
      for (const k of Object.keys(rec)) {
        const r = key.safeParse(k);
        if (!r.success)
          ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? 'invalid key', path: [k] });
      }
    },
    { when: (payload) => payload.value !== null && typeof payload.value === 'object' },
  ); // even when some values are bad
}

/** `GET /api/orders` from a request's method and URL (placeholders kept). */
export function defaultRequestName(method: string, rawUrl: string): string {
  const rest = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
  return `${method} ${rest || '/'}`;
}

const request = z
  .strictObject({
    /** Step name; default `METHOD /path`. */
    name: z.string().trim().min(1, 'expected a non-empty name').max(200).optional(),
    method: z.enum(METHODS).default('GET'),
    url,
    headers: keyedRecord(z.string(), headerName).default({}),
    /** Query parameters appended to the URL. */
    query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /** A JSON body (sent with `content-type: application/json` unless a header says otherwise). */
    json: z
      .union([z.record(z.string(), z.unknown()), z.array(z.unknown())], { error: 'expected an object or an array' })
      .optional(),
    /** A raw body. */
    body: z.string().optional(),
    auth: auth.optional(),
    /** Milliseconds; default min(10 s, the canary's timeout). */
    timeout: z
      .int()
      .positive('expected a positive number of milliseconds')
      .max(840_000, 'expected at most 840000 ms')
      .optional(),
    followRedirects: z.boolean().default(true),
    assert: z.array(assertionSchema).default([]),
    /** Variables for later requests, from the response body (JSONPath) or a header. */
    extract: keyedRecord(extractionSchema, variableName).default({}),
  })
  .superRefine((r, ctx) => {
    if (r.json !== undefined && r.body !== undefined)
      ctx.addIssue({ code: 'custom', message: 'use either json or body, not both', path: ['body'] });
    for (const key of ['json', 'body'] as const) {
      if (r[key] !== undefined && (r.method === 'GET' || r.method === 'HEAD')) {
        ctx.addIssue({ code: 'custom', message: `a ${r.method} request has no body`, path: [key] });
      }
    }
    if (r.auth && Object.keys(r.headers).some((h) => h.toLowerCase() === 'authorization')) {
      ctx.addIssue({ code: 'custom', message: 'use either auth or an Authorization header, not both', path: ['auth'] });
    }
  })
  .transform((r) => ({ ...r, name: r.name ?? defaultRequestName(r.method, r.url) }));

/** Canary fields of the `api` blueprint: HTTP requests in order, each a step, with assertions and extraction. */
export const apiSettings = z.object({
  requests: z
    .array(request)
    .min(1, 'expected at least one request')
    .superRefine((reqs, ctx) => {
      const seen = new Set<string>();
      reqs.forEach((r, i) => {
        if (seen.has(r.name))
          ctx.addIssue({
            code: 'custom',
            message: `duplicate request name "${r.name}": names the steps, so must be unique`,
            path: [i, 'name'],
          });
        seen.add(r.name);
      });
    }),
});

export type ApiSettings = z.output<typeof apiSettings>;
export type ApiSettingsInput = z.input<typeof apiSettings>;
export type ApiRequest = ApiSettings['requests'][number];
