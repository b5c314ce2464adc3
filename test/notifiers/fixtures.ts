import { expect } from 'vitest';
import { ActionError, type ActionContext, type ActionServices } from '../../core/action.ts';
import { createLogger } from '../../core/logger.ts';
import type { AlarmState, AlarmTransition } from '../../core/types.ts';
import { providerTable } from '../../providers/provider-table.ts';

export function transition(
  newState: AlarmState = 'ALARM',
  oldState: AlarmState = 'OK',
  extra: Record<string, unknown> = {},
): AlarmTransition {
  return {
    id: `tr-${newState.toLowerCase()}-1`,
    alarm: 'www-down',
    oldState,
    newState,
    reason: 'Threshold Crossed: 2 out of the last 3 datapoints [0.0, 0.0] were less than the threshold (90.0).',
    timestamp: '2025-01-02T03:04:05.000Z',
    actions: ['notify'],
    ...extra,
  };
}

export function ctx(t: AlarmTransition = transition(), dryRun = false): ActionContext {
  return { actionName: 'notify', transition: t, dryRun };
}

export const services: ActionServices = {
  providers: providerTable({}), // notifiers never touch a provider
  log: createLogger('test'),
  apiBaseUrl: 'http://127.0.0.1:8080',
};

/** Runs `fn`, expects an ActionError, and returns it. */
export async function actionError(fn: () => Promise<unknown>): Promise<ActionError> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionError);
  return err as ActionError;
}
