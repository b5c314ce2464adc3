import type { z } from 'zod';
import type { Logger } from './logger.ts';
import type { AlarmTransition } from './types.ts';

export type DnsSide = 'primary' | 'secondary';

export interface DnsSwitchCause {
  alarm: string;
  transitionId: string;
  reason: string;
  action: string;
}

export interface DnsSwitchOutcome {
  record: string;
  changed: boolean;
  from: DnsSide;
  to: DnsSide;
}

/** What DNS actions need: switch a failover record, persisted and audited. */
export interface DnsControl {
  setSide(record: string, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome>;
}

export interface ActionServices {
  dns: DnsControl;
  log: Logger;
  /** Base URL of the HTTP API, for links in notifications (may be undefined in `canary run`). */
  apiBaseUrl?: string;
}

export interface ActionContext {
  actionName: string;
  transition: AlarmTransition;
  dryRun: boolean;
}

export interface ActionOutcome {
  /** `noop` when the desired effect was already in place. */
  status: 'done' | 'noop';
  detail: string;
}

/** Thrown by an action; `retryable` tells the pipeline whether another attempt may succeed. */
export class ActionError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.retryable = options.retryable;
  }
}

export interface ActionPlugin<C = unknown> {
  type: string;
  /** Zod schema of the action's config entry (including its `type` literal). */
  schema: z.ZodType<C>;
  execute(config: C, ctx: ActionContext, services: ActionServices): Promise<ActionOutcome>;
}

export function defineAction<C>(a: ActionPlugin<C>): ActionPlugin<C> {
  return a;
}
