import type { SecretSink } from './blueprint.ts';

/**
 * Secret values seen during a run (pure redaction, no I/O); everything stored or reported is passed through
 * `redact`. Blueprints see it only as a `SecretSink`; the runner owns it and redacts the record.
 */
export class SecretRegistry implements SecretSink {
  private readonly values = new Set<string>();

  add(value: string): void {
    // Very short values would redact innocent text everywhere; they are still never logged by us.
    if (value.length >= 3) this.values.add(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every secret value (and Authorization header values) in a JSON-like value with `***`. */
  redact<T>(input: T): T {
    return redactValue(
      input,
      [...this.values].sort((a, b) => b.length - a.length),
    ) as T;
  }
}

const SENSITIVE_KEYS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/i;

function redactString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const v of secrets) if (out.includes(v)) out = out.split(v).join('***');
  return out;
}

function redactValue(v: unknown, secrets: readonly string[], key?: string): unknown {
  if (typeof v === 'string') return key && SENSITIVE_KEYS.test(key) ? '***' : redactString(v, secrets);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, secrets));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactValue(x, secrets, k);
    return out;
  }
  return v;
}
