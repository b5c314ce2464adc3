import type { z } from 'zod';
import { ActionError } from '../../core/action.ts';

/**
 * Resolves a secret given inline or through an environment variable. A missing variable is a
 * configuration problem, so it is not retryable; the message names the variable, never a value.
 */
export function resolveSecret(
  what: string,
  inline: string | undefined,
  envName: string | undefined,
): string | undefined {
  if (inline !== undefined) return inline;
  if (envName === undefined) return undefined;
  const value = process.env[envName];
  if (!value) throw new ActionError(`${what}: environment variable ${envName} is not set`, { retryable: false });
  return value;
}

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

/** Zod refinement: exactly one of `key` / `${key}Env`. */
export function oneOf<K extends string>(key: K, required: boolean) {
  const envKey = `${key}Env`;
  return (v: Partial<Record<string, unknown>>, ctx: z.RefinementCtx) => {
    const has = v[key] !== undefined;
    const hasEnv = v[envKey] !== undefined;
    if (has && hasEnv)
      ctx.addIssue({ code: 'custom', message: `set either ${key} or ${envKey}, not both`, path: [envKey] });
    if (required && !has && !hasEnv)
      ctx.addIssue({
        code: 'custom',
        message: `required: set ${key} or ${envKey} (the name of an environment variable holding it)`,
        path: [key],
      });
  };
}
