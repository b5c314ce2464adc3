/** A `dnsProviders` entry of type `route53`: the hosted zone, its name, the region and credentials of the API. */
import { z } from 'zod';
import { isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';
import { awsCredentialsSchema, awsRegionSchema, endpointSchema } from '../aws-credentials.ts';

export const route53EntrySchema = z.strictObject({
  type: z.literal('route53'),
  /** The hosted zone's id, as the console shows it (`Z0123456789ABCDEFGHIJ`); a `/hostedzone/` prefix is dropped. */
  hostedZoneId: z
    .string()
    .transform((s) => s.trim().replace(/^\/?hostedzone\//, ''))
    .refine((s) => /^[A-Z0-9]{1,32}$/.test(s), { error: 'expected a hosted zone id such as Z0123456789ABCDEFGHIJ' }),
  /**
   * The zone's name (`example.com`): records outside it are refused when the config loads. Optional: without it
   * the provider asks the API (GetHostedZone) on first use, and the check waits until then.
   */
  zone: z
    .string()
    .transform(normaliseDnsName)
    .refine(isValidDnsName, { error: 'expected a DNS name such as example.com' })
    .optional(),
  /** The API's signing region; Route 53 is global, and `us-east-1` is its region (the default). */
  region: awsRegionSchema.default('us-east-1'),
  /** Credentials from these environment variables; the standard AWS chain when absent. */
  credentials: awsCredentialsSchema.optional(),
  /** Another endpoint than AWS's (a VPC endpoint, LocalStack, a test fake). */
  endpoint: endpointSchema.optional(),
  /** How long a switch waits for the change to be INSYNC before it reports it as still propagating. */
  insyncWithinSeconds: z.number().positive().max(3600).default(120),
  /** How often GetChange is asked while waiting (Route 53 propagates in tens of seconds). */
  pollSeconds: z.number().min(0.01).max(60).default(5),
});

export type Route53Entry = z.output<typeof route53EntrySchema>;
