import type { ActionPlugin } from '../core/action.ts';
import { dnsFailback } from './dns/failback-action.ts';
import { dnsFailover } from './dns/failover-action.ts';
import { email } from './email/email-action.ts';
import { pagerduty } from './pagerduty/pagerduty-action.ts';
import { recover } from './recover/recover-action.ts';
import { slack } from './slack/slack-action.ts';
import { webhook } from './webhook/webhook-action.ts';

/** The typed registry of action plugins: adding one is one line here. */
export const actionPlugins = {
  'dns-failover': dnsFailover,
  'dns-failback': dnsFailback,
  webhook,
  slack,
  pagerduty,
  email,
  recover,
} satisfies Record<string, ActionPlugin<unknown>>;

export type ActionType = keyof typeof actionPlugins;

export function findActionPlugin(type: string): ActionPlugin<unknown> | undefined {
  return Object.hasOwn(actionPlugins, type) ? (actionPlugins[type as ActionType] as ActionPlugin<unknown>) : undefined;
}
