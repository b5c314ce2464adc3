/**
 * AWS credentials for a provider entry: the standard chain (environment, shared config and profile, instance or
 * task role) unless the entry names environment variables holding a key pair. The values are read when the
 * provider is built and never logged.
 */
import { z } from 'zod';
import { ENV_NAME } from './record-sides.ts';

const envName = z.string().regex(ENV_NAME, { error: 'expected an environment variable name such as R53_KEY_ID' });

export const awsCredentialsSchema = z
  .strictObject({
    accessKeyIdEnv: envName,
    secretAccessKeyEnv: envName,
    sessionTokenEnv: envName.optional(),
  })
  .superRefine((c, ctx) => {
    for (const field of ['accessKeyIdEnv', 'secretAccessKeyEnv', 'sessionTokenEnv'] as const) {
      const name = c[field];
      if (name !== undefined && ENV_NAME.test(name) && !process.env[name])
        ctx.addIssue({ code: 'custom', path: [field], message: `environment variable ${name} is not set` });
    }
  });

export type AwsCredentialsEntry = z.output<typeof awsCredentialsSchema>;

/** The SDK's `credentials` option: the named variables' values, or undefined for the standard chain. */
export function awsCredentials(
  entry: AwsCredentialsEntry | undefined,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  if (!entry) return undefined;
  const token = entry.sessionTokenEnv ? process.env[entry.sessionTokenEnv] : undefined;
  return {
    accessKeyId: process.env[entry.accessKeyIdEnv] ?? '',
    secretAccessKey: process.env[entry.secretAccessKeyEnv] ?? '',
    ...(token ? { sessionToken: token } : {}),
  };
}

/** `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const awsRegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as eu-west-1' });

/** An endpoint URL instead of AWS's (a VPC endpoint, LocalStack, a test fake). */
export const endpointSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
