/** A `dnsProviders` entry of type `cloudflare`: the zone, its name, and the environment variable holding the API token. */
import { z } from 'zod';
import { isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import { ENV_NAME } from '../record-sides.ts';

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

export const cloudflareEntrySchema = z.strictObject({
  type: z.literal('cloudflare'),
  /** The zone's id (32 hex digits: the dashboard's Overview page, "Zone ID"). */
  zoneId: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32}$/, { error: 'expected a zone id: 32 hexadecimal digits, as the dashboard shows it' }),
  /** The zone's name (`example.com`): records outside it are refused when the config loads; asked of the API when absent. */
  zone: z
    .string()
    .transform(normaliseDnsName)
    .refine(isValidDnsName, { error: 'expected a DNS name such as example.com' })
    .optional(),
  /** The environment variable holding an API token with the zone's DNS:Edit permission. */
  tokenEnv: z
    .string()
    .regex(ENV_NAME, { error: 'expected an environment variable name such as CF_API_TOKEN' })
    .superRefine((name, ctx) => {
      if (ENV_NAME.test(name) && !process.env[name]?.trim())
        ctx.addIssue({
          code: 'custom',
          message: `environment variable ${name} is not set: it must hold a Cloudflare API token with DNS:Edit on the zone`,
        });
    }),
  /** The API's base URL (a test fake, a proxy); Cloudflare's by default. */
  apiUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).default(CLOUDFLARE_API),
  /** How long one API request may take. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});

export type CloudflareEntry = z.output<typeof cloudflareEntrySchema>;
