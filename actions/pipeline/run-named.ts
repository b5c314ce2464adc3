/**
 * Executes one configured action by name, directly: the resolve and execute stages without the queue (no retry,
 * no target lock, no audit of its own). A recovery that could not be verified escalates through it
 * (`onUnverified`); `canary action test` runs an action by hand through it.
 */
import { ActionError, type ActionContext, type ActionOutcome, type ActionServices } from '../../core/action.ts';
import { resolveAction } from './resolve-action.ts';

export async function runNamedAction(
  name: string,
  actions: Readonly<Record<string, { type: string }>>,
  ctx: ActionContext,
  services: ActionServices,
): Promise<ActionOutcome> {
  const { config, plugin } = resolveAction(name, actions);
  if (!config || !plugin) throw new ActionError(`action "${name}" is not configured`, { retryable: false });
  return plugin.execute(config, { ...ctx, actionName: name }, services);
}

/** The services with `runAction` wired to the current action configs (kept when the caller set its own). */
export function withRunAction(
  services: ActionServices,
  actions: () => Readonly<Record<string, { type: string }>>,
): ActionServices {
  if (services.runAction) return services;
  const wired: ActionServices = {
    ...services,
    runAction: (name, ctx) => runNamedAction(name, actions(), ctx, wired),
  };
  return wired;
}
