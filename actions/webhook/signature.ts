import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-canarykit-signature';
export const TIMESTAMP_HEADER = 'x-canarykit-timestamp';

/**
 * Signs a webhook delivery: `sha256=` + hex HMAC-SHA256, keyed with the shared secret, of
 * `<timestamp>.<raw body>` where `<timestamp>` is the `x-canarykit-timestamp` header (Unix seconds).
 * Signing the timestamp with the body lets a receiver reject replays of old deliveries.
 */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** Largest accepted age (and clock skew) in seconds; default 300. */
  toleranceSec?: number;
  nowMs?: number;
}

/**
 * How a receiver verifies a delivery: recompute the signature over the exact bytes received, compare in
 * constant time, and refuse timestamps too far from now.
 */
export function verifyWebhookSignature(v: VerifyInput): boolean {
  if (!v.signature || !v.timestamp || !/^\d+$/.test(v.timestamp)) return false;
  const ageSec = Math.abs((v.nowMs ?? Date.now()) / 1_000 - Number(v.timestamp));
  if (ageSec > (v.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(v.secret, v.timestamp, v.rawBody));
  const given = Buffer.from(v.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
