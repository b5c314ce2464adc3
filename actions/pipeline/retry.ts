/** Stage: is a failure worth another attempt, and when. The queue holds the attempts (durably). */
import { isRetryable } from '../../core/action.ts';
import type { ActionAttempt } from './action-attempt.ts';
import type { PipelineResult } from './pipeline-result.ts';

const MAX_RETRY_AFTER_MS = 3_600_000;

export function classifyFailure(err: unknown, attempt: ActionAttempt): Extract<PipelineResult, { kind: 'failed' }> {
  const retryable = isRetryable(err);
  return {
    kind: 'failed',
    message: err instanceof Error ? err.message : String(err),
    error: err,
    retryable,
    final: !retryable || attempt.attempt >= attempt.maxAttempts,
  };
}

/** Exponential from 1 s, but never sooner than the receiver's Retry-After (`retryAfterMs` on the error). */
export function retryDelayMs(attemptsMade: number, err: unknown): number {
  return Math.max(1_000 * 2 ** Math.max(0, attemptsMade - 1), retryAfterOf(err));
}

function retryAfterOf(err: unknown): number {
  const ms = (err as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.min(ms, MAX_RETRY_AFTER_MS) : 0;
}
