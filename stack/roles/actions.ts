import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { alarmGateInputs, alarmTransitionCurrency } from '../../alarms/action-gate.ts';
import type { ActionServices } from '../../core/action.ts';
import { createLogger } from '../../core/logger.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/**
 * Executes queued alarm actions. The one place where the action pipeline is wired: the services actions use
 * and the gate's inputs (current state, suppressor, mute, maintenance windows), and the check-current
 * stage's question (is a transition still its alarm's latest, by version).
 */
export const actionsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, providers, alarmStates, control, events } = ctx.clients;
    const services: ActionServices = {
      providers,
      log: createLogger('actions'),
      events,
      redis: { client: redis, prefix },
      ...(ctx.apiBaseUrl ? { apiBaseUrl: ctx.apiBaseUrl } : {}),
    };
    const dispatcher = new ActionDispatcher({ connection: redis, prefix });
    defer(() => dispatcher.close());
    dispatcher.startWorker({
      actions: () => ctx.project().config.actions,
      services,
      events,
      recordHistory: (alarm, item) => alarmStates.addHistory(alarm, item),
      current: alarmTransitionCurrency(alarmStates),
      gate: alarmGateInputs({
        state: (alarm) => alarmStates.get(alarm),
        mute: (alarm) => control.getMute(alarm),
        windows: () => ctx.project().config.maintenanceWindows,
      }),
    });
    return {};
  });
