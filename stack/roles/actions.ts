import { ActionDispatcher } from '../../actions/action-dispatcher.ts';
import { gateAction } from '../../alarms/action-gate.ts';
import type { ActionServices } from '../../core/action.ts';
import { createLogger } from '../../core/logger.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/**
 * Executes queued alarm actions. The one place where the action pipeline is wired: the services actions use
 * and the gate's inputs (current state, suppressor, mute, maintenance windows).
 */
export const actionsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, dnsState, alarmStates, control } = ctx.clients;
    const services: ActionServices = {
      dns: dnsState,
      log: createLogger('actions'),
      ...(ctx.apiBaseUrl ? { apiBaseUrl: ctx.apiBaseUrl } : {}),
    };
    const dispatcher = new ActionDispatcher({ connection: redis, prefix });
    defer(() => dispatcher.close());
    dispatcher.startWorker({
      actions: () => ctx.project().config.actions,
      services,
      recordHistory: (alarm, item) => alarmStates.addHistory(alarm, item),
      gate: async (t) => {
        const suppressor = t.suppressor ? await alarmStates.get(t.suppressor.alarm) : undefined;
        return gateAction(t, {
          now: Date.now(),
          current: await alarmStates.get(t.alarm),
          mute: await control.getMute(t.alarm),
          windows: ctx.project().config.maintenanceWindows,
          ...(suppressor ? { suppressor } : {}),
        });
      },
    });
    return {};
  });
