/**
 * A recovery provider as the registry hands it out: it takes a target as written in the config (an action's
 * provider fields) and parses it with its plugin's `targetSchema` first, so defaults apply and a bad target is a
 * ProviderError naming the field (not worth retrying), whoever calls it.
 */
import type { z } from 'zod';
import { ProviderError } from '../core/provider.ts';
import type { RecoveryProvider } from '../core/recovery-provider.ts';

export function parsingTargets(provider: RecoveryProvider, schema: z.ZodType<unknown>): RecoveryProvider {
  const parse = (target: unknown): unknown => {
    const res = schema.safeParse(target);
    if (res.success) return res.data;
    const problems = res.error.issues.map((i) => `${i.path.join('.') || '(target)'}: ${i.message}`).join('; ');
    throw new ProviderError(`bad ${provider.type} target: ${problems}`, { retryable: false });
  };
  return {
    type: provider.type,
    label: (target) => provider.label(parse(target)),
    health: async (target, signal) => provider.health(parse(target), signal),
    recover: async (target, request) => provider.recover(parse(target), request),
  };
}

/** Problems with a target as the project loader reports them: one per field, paths relative to the target. */
export function targetIssues(schema: z.ZodType<unknown>, target: unknown): Array<{ path: string; message: string }> {
  const res = schema.safeParse(target);
  if (res.success) return [];
  return res.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}
