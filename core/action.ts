import type { z } from 'zod';
import type { Logger } from './logger.ts';
import type { ProviderCatalog, ProviderIssue, ProviderRegistry } from './provider.ts';
import type { AlarmTransition } from './types.ts';

/** What actions get from the composition root: the providers they act through, a logger, links. */
export interface ActionServices {
  providers: ProviderRegistry;
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
  /**
   * Facts for the audit, stored with the Action history item: ISO times such as `issuedAt` (the change was
   * made) and `servedAt` / `targetUpAt` (the provider confirmed it), and who confirmed it.
   */
  data?: Readonly<Record<string, string | number | boolean>>;
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

/**
 * Whether another attempt may succeed: the error's own `retryable` flag (ActionError, ProviderError, or any
 * error that carries one); errors without one are retried, since we cannot tell.
 */
export function isRetryable(err: unknown): boolean {
  const flag = (err as { retryable?: unknown } | null | undefined)?.retryable;
  return typeof flag === 'boolean' ? flag : true;
}

/** What an action's `check` may consult while the project loads. */
export interface ActionCheckContext {
  providers: ProviderCatalog;
}

export interface ActionPlugin<C = unknown> {
  type: string;
  /** Zod schema of the action's config entry (including its `type` literal). */
  schema: z.ZodType<C>;
  /**
   * Checks that need the rest of the project (the provider it names, the record it targets), run when the
   * project loads; paths are relative to the action's entry.
   */
  check?(config: C, ctx: ActionCheckContext): ProviderIssue[];
  /**
   * What the action acts on, as a key such as `dns:www.example.com`: actions on one target are serialised (one
   * at a time across all workers, each checked for staleness inside the lock). Undefined: nothing shared.
   */
  target?(config: C): string | undefined;
  execute(config: C, ctx: ActionContext, services: ActionServices): Promise<ActionOutcome>;
}

export function defineAction<C>(a: ActionPlugin<C>): ActionPlugin<C> {
  return a;
}
