/**
 * AWS SDK failures as ProviderErrors, shared by the providers that call AWS (route53, ec2): whether another
 * attempt may help, with the service's own error code in the message. Credentials never appear in it.
 */
import { ProviderError } from '../core/provider.ts';

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

/** Codes that will fail the same way again (a refused credential, a bad request, a missing resource). */
const FINAL = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'UnauthorizedOperation',
  'InvalidInput',
  'InvalidChangeBatch',
  'NoSuchHostedZone',
  'NoSuchChange',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MissingParameter',
  'CredentialsProviderError',
]);

/** Codes worth another attempt although they are the caller's fault (a state that is passing, a busy zone). */
const TRANSIENT = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
  'IncorrectInstanceState',
  'InsufficientInstanceCapacity',
  'ServiceUnavailable',
  'InternalError',
]);

/** `what` is the call, such as `UPSERT www.example.com in hosted zone Z123`. */
export function awsError(what: string, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as SdkError;
  const code = e.name ?? e.code ?? 'Error';
  const said = (e.message ?? String(err)).replace(/\s+/g, ' ').trim();
  const status = e.$metadata?.httpStatusCode;
  const shown = `${what}: ${code}${status ? ` (HTTP ${status})` : ''}${said && said !== code ? `: ${said}` : ''}`;
  if (code === 'CredentialsProviderError')
    return new ProviderError(
      `${what}: no AWS credentials (set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an instance role): ${said}`,
      { retryable: false, cause: err },
    );
  if (TRANSIENT.has(code) || e.$retryable !== undefined)
    return new ProviderError(shown, { retryable: true, cause: err });
  if (FINAL.has(code) || code.endsWith('.NotFound') || code.endsWith('.Malformed'))
    return new ProviderError(shown, { retryable: false, cause: err });
  if (e.$fault === 'client' && status !== undefined && status < 500 && status !== 429)
    return new ProviderError(shown, { retryable: false, cause: err });
  // A server fault, a timeout, a dropped connection: another attempt may succeed.
  return new ProviderError(shown, { retryable: true, cause: err });
}
