/** Stage: find the action's current config and its plugin. */
import type { ActionPlugin } from '../../core/action.ts';
import { findActionPlugin } from '../index.ts';

export interface ResolvedAction {
  config: { type: string } | undefined;
  plugin: ActionPlugin<unknown> | undefined;
}

export function resolveAction(action: string, actions: Readonly<Record<string, { type: string }>>): ResolvedAction {
  const config = Object.hasOwn(actions, action) ? actions[action] : undefined;
  return { config, plugin: config ? findActionPlugin(config.type) : undefined };
}
