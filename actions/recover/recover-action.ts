/**
 * `recover`: bring a broken target back through a recovery provider (`docker`, `command`, …). Every recovery
 * reads the target's health first (and records it), is a no-op when the provider already calls it healthy,
 * is rate-limited per target (`maxAttempts` per `per`, sliding, in Redis; a blocked attempt fails for good with
 * the reason), and, with `verify`, is done only once that canary passes again; otherwise it fails as
 * unverified and runs the `onUnverified` actions for the same transition.
 */
import {
  ActionError,
  defineAction,
  isRetryable,
  type ActionContext,
  type ActionOutcome,
  type ActionServices,
} from '../../core/action.ts';
import type { RecoveryProvider, TargetHealth } from '../../core/recovery-provider.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
import { awaitGreen } from './await-green.ts';
import { parsePer, recoverConfigSchema, targetFields, targetIdentity, type RecoverConfig } from './recover-config.ts';

type Data = Record<string, string | number | boolean>;

export const recover = defineAction<RecoverConfig>({
  type: 'recover',
  schema: recoverConfigSchema,
  check: (config, { providers }) => providers.checkTarget('recovery', config.provider, targetFields(config)),
  references: (config) => ({
    ...(config.verify ? { canaries: [{ path: 'verify.canary', name: config.verify.canary }] } : {}),
    actions: config.onUnverified.map((name, i) => ({ path: `onUnverified[${i}]`, name })),
  }),
  // Recoveries of one target run one at a time, across workers.
  target: (config) => `recover:${config.provider}:${targetIdentity(targetFields(config))}`,
  execute: (config, ctx, services) => runRecovery(config, ctx, services),
});

async function runRecovery(
  config: RecoverConfig,
  ctx: ActionContext,
  services: ActionServices,
): Promise<ActionOutcome> {
  const provider = services.providers.get('recovery', config.provider);
  if (!provider) throw new ActionError(`no recovery provider "${config.provider}" is configured`, { retryable: false });
  const fields = targetFields(config);
  const label = await call(async () => provider.label(fields), `naming the ${config.provider} target`);
  const before = await call(() => provider.health(fields), `reading the health of ${label}`);
  const data: Data = { healthBefore: before.state, healthBeforeDetail: before.detail, healthBeforeAt: before.at };
  if (before.state === 'healthy')
    return { status: 'noop', detail: `${label} is already healthy: ${before.detail}`, data };

  if (!services.redis)
    throw new ActionError('the recovery rate limit needs Redis, and this process has none', { retryable: false });
  const limiter = new AttemptLimiter(services.redis.client, services.redis.prefix);
  const windowMs = parsePer(config.per);
  const key = `${config.provider}:${label}`;
  if (config.verify && !services.events)
    throw new ActionError(`cannot verify ${label} by ${config.verify.canary}: this process has no event stream`, {
      retryable: false,
    });

  if (ctx.dryRun || config.dryRun) return dryRun(provider, fields, before, limiter, key, windowMs, config, data);

  const admitted = await limiter.admit(key, config.maxAttempts, windowMs);
  if (!admitted.admitted) {
    const next =
      admitted.nextAllowedAt === undefined ? '' : `; the next is allowed from ${iso(admitted.nextAllowedAt)}`;
    throw new ActionError(
      `blocked by the rate limit: ${admitted.used} recoveries of ${label} within ${config.per} (at most ${config.maxAttempts})${next}`,
      {
        retryable: false,
        data: {
          ...data,
          blocked: true,
          ...(admitted.nextAllowedAt === undefined ? {} : { nextAllowedAt: iso(admitted.nextAllowedAt) }),
        },
      },
    );
  }
  data.attempt = admitted.used;
  data.maxAttempts = config.maxAttempts;

  const t = ctx.transition;
  const cause = { alarm: t.alarm, transitionId: t.id, reason: t.reason, action: ctx.actionName };
  const green = config.verify && services.events ? await awaitGreen(services.events, config.verify.canary) : undefined;
  const outcome = await call(() => provider.recover(fields, { dryRun: false, cause }), `recovering ${label}`);
  if (outcome.issuedAt) data.issuedAt = outcome.issuedAt;
  if (outcome.targetUpAt) data.targetUpAt = outcome.targetUpAt;
  if (outcome.health) data.healthAfter = outcome.health.state;
  const was = `(was ${before.state}: ${before.detail})`;
  if (!config.verify || !green) return { status: 'done', detail: `${outcome.detail} ${was}`, data };

  const issuedAt = outcome.issuedAt ?? new Date().toISOString();
  const { canary, within } = config.verify;
  const run = await green.until({
    issuedAt,
    targetUpAt: outcome.targetUpAt,
    deadline: Date.parse(issuedAt) + within * 1000,
  });
  if (run) {
    data.greenAt = run.endedAt;
    data.greenRunId = run.runId;
    const after = ((Date.parse(run.endedAt) - Date.parse(issuedAt)) / 1000).toFixed(1);
    return { status: 'done', detail: `${outcome.detail}; verified: ${canary} passed ${after} s after ${was}`, data };
  }
  const escalated = await escalate(config.onUnverified, ctx, services);
  throw new ActionError(`unverified: ${canary} did not pass within ${within} s${escalated}`, {
    retryable: false,
    data: { ...data, unverified: true },
  });
}

async function dryRun(
  provider: RecoveryProvider,
  fields: Record<string, unknown>,
  before: TargetHealth,
  limiter: AttemptLimiter,
  key: string,
  windowMs: number,
  config: RecoverConfig,
  data: Data,
): Promise<ActionOutcome> {
  const outcome = await call(() => provider.recover(fields, { dryRun: true }), 'a dry run');
  const used = await limiter.used(key, windowMs);
  const limit =
    used >= config.maxAttempts
      ? `; it would be blocked by the rate limit (${used} of ${config.maxAttempts} in ${config.per})`
      : `; ${used} of ${config.maxAttempts} attempts used in ${config.per}`;
  const verify = config.verify ? `; verified by ${config.verify.canary} within ${config.verify.within} s` : '';
  return {
    status: 'noop',
    detail: `dry run: ${before.state}: ${before.detail}; ${outcome.detail}${limit}${verify}`,
    data: { ...data, dryRun: true },
  };
}

/** Runs the escalation actions, one after another; returns a note for the failure message. */
async function escalate(names: readonly string[], ctx: ActionContext, services: ActionServices): Promise<string> {
  if (names.length === 0) return '';
  if (!services.runAction) return `; cannot run ${names.join(', ')} from here`;
  const results: string[] = [];
  for (const name of names) {
    try {
      const out = await services.runAction(name, ctx);
      results.push(`${name} ${out.status}`);
    } catch (err) {
      services.log.warn({ action: name, err: (err as Error).message }, 'an onUnverified action failed');
      results.push(`${name} failed: ${(err as Error).message}`);
    }
  }
  return `; escalated: ${results.join(', ')}`;
}

async function call<R>(fn: () => Promise<R>, what: string): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    const message = (err as Error).message;
    throw new ActionError(isRetryable(err) ? `${what} failed: ${message}` : message, {
      retryable: isRetryable(err),
      cause: err,
    });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
