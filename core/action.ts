import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { EventStream } from './events.ts';
import type { Logger } from './logger.ts';
import type { ProviderCatalog, ProviderIssue, ProviderRegistry } from './provider.ts';
import type { AlarmTransition } from './types.ts';

/** What actions get from the composition root: the providers they act through, a logger, links. */
export interface ActionServices {
  providers: ProviderRegistry;
  log: Logger;
  /** Base URL of the HTTP API, for links in notifications (may be undefined in `canary run`). */
  apiBaseUrl?: string;
  /** The event stream, for actions that wait on what happens next (a recovery waits for its canary to pass). */
  events?: EventStream;
  /** Redis and the project's key prefix, for state an action keeps across workers (the recovery rate limit). */
  redis?: { client: Redis; prefix: string };
  /**
   * Executes another configured action by name for the same transition, once, in this process (no queue, no
   * retry, no target lock): how a recovery escalates (`onUnverified`). Wired by the action worker.
   */
  runAction?(name: string, ctx: ActionContext): Promise<ActionOutcome>;
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
  /** Facts for the audit of a final failure, as `ActionOutcome.data` (an unverified recovery's `issuedAt`). */
  readonly data: Readonly<Record<string, string | number | boolean>> | undefined;
  constructor(
    message: string,
    options: { retryable: boolean; cause?: unknown; data?: Readonly<Record<string, string | number | boolean>> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.retryable = options.retryable;
    this.data = options.data;
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

export interface ActionReference {
  path: string;
  name: string;
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
  /**
   * Names the action refers to, checked by the project loader once the canaries are loaded: a canary it waits
   * for, actions it runs. Paths are relative to the action's entry.
   */
  references?(config: C): { canaries?: ActionReference[]; actions?: ActionReference[] };
  execute(config: C, ctx: ActionContext, services: ActionServices): Promise<ActionOutcome>;
}

export function defineAction<C>(a: ActionPlugin<C>): ActionPlugin<C> {
  return a;
}
