/**
 * The action pipeline for one attempt, as explicit stages (Alertmanager's notify pipeline is the model):
 * dedup (at enqueue) → resolve → suppress → [lock the target → check current → execute] → retry (classify) → audit.
 */
import type { ActionPlugin, ActionServices } from '../../core/action.ts';
import type { ActionGateInputs, CheckTransitionCurrent } from '../../core/action-gate.ts';
import type { ActionAttempt } from './action-attempt.ts';
import { audit, type AuditSinks } from './audit.ts';
import { checkCurrent } from './check-current.ts';
import { execute } from './execute.ts';
import type { PipelineResult } from './pipeline-result.ts';
import { resolveAction, type ResolvedAction } from './resolve-action.ts';
import { classifyFailure } from './retry.ts';
import { suppress } from './suppress.ts';
import type { TargetLocks } from './target-lock.ts';

export interface PipelineDeps extends AuditSinks {
  /** Current action configs by name. */
  actions: () => Readonly<Record<string, { type: string }>>;
  services: ActionServices;
  /** The suppress stage's inputs; without it every action runs. */
  gate?: ActionGateInputs | undefined;
  /** The check-current stage's question; without it every transition counts as current. */
  current?: CheckTransitionCurrent | undefined;
  /** Locks per action target; without them nothing is serialised. */
  locks?: TargetLocks | undefined;
  /** How long a job that found its target locked waits before trying again; default 100–300 ms. */
  busyDelayMs?: () => number;
}

export async function runActionPipeline(attempt: ActionAttempt, deps: PipelineDeps): Promise<PipelineResult> {
  const resolved = resolveAction(attempt.action, deps.actions());
  const result = await decide(attempt, resolved, deps);
  await audit(result, attempt, resolved.config?.type, deps);
  return result;
}

/**
 * The key an action is serialised on: the target its plugin declares (shared by every alarm acting on it), or
 * else the alarm and action, so that one receiver gets one alarm's messages in the order of its versions.
 */
export function lockKey(attempt: ActionAttempt, plugin: ActionPlugin<unknown>, config: unknown): string {
  return plugin.target?.(config) ?? `alarm:${attempt.transition.alarm}:${attempt.action}`;
}

async function decide(
  attempt: ActionAttempt,
  { config, plugin }: ResolvedAction,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const gate = await suppress(attempt.transition, deps.gate);
  if (gate.action === 'skip') return { kind: 'suppressed', reason: gate.reason };
  if (gate.action === 'delay') return { kind: 'delayed', until: gate.until, reason: gate.reason };
  if (!config || !plugin)
    return {
      kind: 'failed',
      message: 'not configured',
      error: new Error(`action "${attempt.action}" is not configured`),
      retryable: false,
      final: true,
    };
  if (!deps.locks) return checkAndExecute(attempt, plugin, config, deps);
  const target = lockKey(attempt, plugin, config);
  let lease;
  try {
    lease = await deps.locks.tryAcquire(target);
  } catch (err) {
    return classifyFailure(err, attempt);
  }
  if (!lease) return { kind: 'busy', target, until: Date.now() + (deps.busyDelayMs?.() ?? 100 + Math.random() * 200) };
  try {
    return await checkAndExecute(attempt, plugin, config, deps);
  } finally {
    await lease
      .release()
      .catch((err: unknown) =>
        deps.log.warn({ target, err: (err as Error).message }, 'releasing an action target lock failed'),
      );
  }
}

/** Inside the target's lock: the check and the execution, so no older transition's action runs after a newer one. */
async function checkAndExecute(
  attempt: ActionAttempt,
  plugin: ActionPlugin<unknown>,
  config: unknown,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  try {
    const current = await checkCurrent(attempt, deps.current);
    if (!current.current) return { kind: 'superseded', reason: current.reason };
    return { kind: 'executed', outcome: await execute(plugin, config, attempt, deps.services) };
  } catch (err) {
    return classifyFailure(err, attempt);
  }
}
