/**
 * Providers: the clients that change the world outside canarykit (a DNS zone, a container, a VM). Actions use
 * them to fail over or recover; faults (drills) use the same ones to break things. Each port has its own file
 * (`dns-provider.ts`, `recovery-provider.ts`); this file holds what they share.
 */
import type { Redis } from 'ioredis';
import type { DnsProvider, DnsRecordTarget } from './dns-provider.ts';
import type { Logger } from './logger.ts';
import type { RecoveryProvider } from './recovery-provider.ts';

/** The ports and the interface an implementation of each has. */
export interface ProviderPorts {
  dns: DnsProvider;
  recovery: RecoveryProvider;
}

export type ProviderPort = keyof ProviderPorts;

/**
 * What an action (or a fault) names for each port: a DNS record; for recovery, the provider's own fields
 * (`container`, `instanceId`, `recover` command), as parsed by its `targetSchema`.
 */
export interface ProviderTargets {
  dns: DnsRecordTarget;
  recovery: unknown;
}

/** Why a provider changes something; recorded in its audit and passed to commands. */
export interface ProviderCause {
  alarm: string;
  transitionId: string;
  reason: string;
  /** The action (or, for a fault, the fault id) that asked for the change. */
  action: string;
}

/** One configuration problem; `path` is relative to the entry that was checked (`record`, `provider`). */
export interface ProviderIssue {
  path: string;
  message: string;
}

/**
 * Thrown by a provider. `retryable` says whether the same call may succeed later (a timeout, a dropped
 * connection) or never will (an unknown record, a refused credential, a human's change in the way).
 */
export class ProviderError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable;
  }
}

/** The provider instances of a process, built once by the composition root and looked up by name. */
export interface ProviderRegistry {
  /** The provider of `port` registered as `name`; undefined when there is none. */
  get<P extends ProviderPort>(port: P, name: string): ProviderPorts[P] | undefined;
  /** Names registered for `port`, for messages. */
  names(port: ProviderPort): string[];
}

/**
 * What the project loader can ask about providers without connecting to anything: whether a target
 * (a record, a container) is one the named provider can act on. Problems carry a path relative to the entry
 * naming the target: `provider` for an unknown provider, the target's own fields otherwise.
 */
export interface ProviderCatalog {
  checkTarget<P extends ProviderPort>(port: P, provider: string, target: ProviderTargets[P]): ProviderIssue[];
}

/** What the composition root hands every provider it builds. */
export interface ProviderDeps {
  redis: Redis;
  /** The project's Redis key prefix (`redisPrefix`, without a trailing colon). */
  prefix: string;
  createLogger(component: string): Logger;
  /**
   * Where this process's built-in DNS server answers, once it listens (the `dns` role); undefined when it does
   * not run here, and then the built-in provider cannot verify what is served.
   */
  builtinDnsServer?: () => { host: string; port: number } | undefined;
}

/**
 * The static half of a provider: checks against its configuration, then construction. `C` is the part of the
 * project config it reads, already validated by its own schema (the built-in DNS provider reads `{ dns }`).
 */
export interface ProviderPlugin<P extends ProviderPort, C> {
  /** The provider's type (`builtin`, `command`; later `rfc2136`, `docker`, …). */
  type: string;
  port: P;
  /** Problems with a target (a record outside the zones, …) against the configuration; never connects. */
  checkTarget(target: ProviderTargets[P], config: C): ProviderIssue[];
  /** Builds the provider; `close` (when present) releases what it opened, when the process stops. */
  create(config: C, deps: ProviderDeps): ProviderPorts[P] & { close?(): Promise<void> };
}
