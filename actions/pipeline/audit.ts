/**
 * Stage: record what happened, as an Action history item on the alarm and an `ActionExecuted` event. It never
 * changes the outcome: a failed write is logged, not retried, so a history hiccup cannot resend a message.
 */
import type { Logger } from '../../core/logger.ts';
import type { ActionExecuted, EventPublisher } from '../../core/events.ts';
import type { AlarmHistoryItem } from '../../core/types.ts';
import type { ActionAttempt } from './action-attempt.ts';
import type { ActionOutcomeCounts } from './outcome-counts.ts';
import type { PipelineResult } from './pipeline-result.ts';

export interface AuditSinks {
  /** Records an `Action` history item on the alarm. */
  recordHistory: (alarm: string, item: AlarmHistoryItem) => Promise<void>;
  events?: EventPublisher | undefined;
  /** Counts each recorded outcome (`canarykit_action_executions_total`). */
  outcomes?: Pick<ActionOutcomeCounts, 'count'> | undefined;
  log: Logger;
}

type Summary = {
  item?: Omit<AlarmHistoryItem, 'timestamp' | 'type' | 'transitionId'>;
  event?: Pick<ActionExecuted, 'status' | 'detail'>;
};

export async function audit(
  result: PipelineResult,
  attempt: ActionAttempt,
  actionType: string | undefined,
  sinks: AuditSinks,
): Promise<void> {
  const t = attempt.transition;
  const { action } = attempt;
  const fields = { alarm: t.alarm, action, transition: t.id };
  if (result.kind === 'executed') sinks.log.info({ ...fields, outcome: result.outcome }, 'action executed');
  if (result.kind === 'superseded') sinks.log.info({ ...fields, reason: result.reason }, 'action superseded');
  if (result.kind === 'busy') sinks.log.debug({ ...fields, target: result.target }, 'action target busy');
  if (result.kind === 'failed')
    sinks.log.warn({ ...fields, err: result.message, retryable: result.retryable }, 'action failed');

  const { item, event } = summarise(result, attempt);
  if (item) {
    try {
      await sinks.recordHistory(t.alarm, {
        timestamp: new Date().toISOString(),
        type: 'Action',
        transitionId: t.id,
        ...item,
      });
    } catch (err) {
      sinks.log.error({ ...fields, err: (err as Error).message }, 'recording the action in the alarm history failed');
    }
  }
  if (!event) return;
  const executed: ActionExecuted = {
    type: 'ActionExecuted',
    alarm: t.alarm,
    action,
    actionType: actionType ?? 'unknown',
    transitionId: t.id,
    newState: t.newState,
    attempt: attempt.attempt,
    ...event,
  };
  if (sinks.events) {
    try {
      await sinks.events.publish(executed);
    } catch (err) {
      sinks.log.error({ ...fields, err: (err as Error).message }, 'publishing ActionExecuted failed');
    }
  }
  if (sinks.outcomes) {
    try {
      await sinks.outcomes.count(executed);
    } catch (err) {
      sinks.log.error({ ...fields, err: (err as Error).message }, 'counting the action outcome failed');
    }
  }
}

function summarise(result: PipelineResult, attempt: ActionAttempt): Summary {
  const { action } = attempt;
  switch (result.kind) {
    case 'executed': {
      const o = result.outcome;
      return {
        item: {
          summary: `Successfully executed action ${action}${o.status === 'noop' ? ' (no-op)' : ''}: ${o.detail}`,
          data: { action, status: o.status, ...o.data },
        },
        event: { status: attempt.dryRun ? 'dry-run' : o.status, detail: o.detail },
      };
    }
    case 'suppressed':
      return {
        item: { summary: `Action ${action} suppressed: ${result.reason}`, data: { action, suppressed: true } },
        event: { status: 'suppressed', detail: result.reason },
      };
    case 'delayed':
      // Recorded when the wait starts, not on every re-check.
      return attempt.waitingSince
        ? {}
        : { item: { summary: `Action ${action} waiting: ${result.reason}`, data: { action } } };
    case 'busy':
      return {};
    case 'superseded':
      return {
        item: { summary: `Action ${action} superseded: ${result.reason}`, data: { action, superseded: true } },
        event: { status: 'superseded', detail: result.reason },
      };
    case 'failed':
      if (!result.final) return {};
      return {
        item: {
          summary: `Failed to execute action ${action}: ${result.message}`,
          data: { ...errorData(result.error), action, attempts: attempt.attempt },
        },
        event: { status: 'failed', detail: result.message },
      };
  }
}

/** The facts a failure carries for the audit (`ActionError.data`), if any. */
function errorData(err: unknown): Readonly<Record<string, string | number | boolean>> {
  const data = (err as { data?: unknown } | null | undefined)?.data;
  return data && typeof data === 'object' ? (data as Record<string, string | number | boolean>) : {};
}
