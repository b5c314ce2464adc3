/**
 * The action pipeline for one attempt, as explicit stages (Alertmanager's notify pipeline is the model):
 * dedup (at enqueue) → resolve → suppress → check current → execute → retry (classify) → audit.
 */
import type { ActionServices } from '../../core/action.ts';
import type { ActionGateInputs } from '../../core/action-gate.ts';
import type { ActionAttempt } from './action-attempt.ts';
import { audit, type AuditSinks } from './audit.ts';
import { checkCurrent } from './check-current.ts';
import { execute } from './execute.ts';
import type { PipelineResult } from './pipeline-result.ts';
import { resolveAction, type ResolvedAction } from './resolve-action.ts';
import { classifyFailure } from './retry.ts';
import { suppress } from './suppress.ts';

export interface PipelineDeps extends AuditSinks {
  /** Current action configs by name. */
  actions: () => Readonly<Record<string, { type: string }>>;
  services: ActionServices;
  /** The suppress stage's inputs; without it every action runs. */
  gate?: ActionGateInputs | undefined;
}

export async function runActionPipeline(attempt: ActionAttempt, deps: PipelineDeps): Promise<PipelineResult> {
  const resolved = resolveAction(attempt.action, deps.actions());
  const result = await decide(attempt, resolved, deps);
  await audit(result, attempt, resolved.config?.type, deps);
  return result;
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
  const current = await checkCurrent(attempt);
  if (!current.current) return { kind: 'superseded', reason: current.reason };
  try {
    return { kind: 'executed', outcome: await execute(plugin, config, attempt, deps.services) };
  } catch (err) {
    return classifyFailure(err, attempt);
  }
}
