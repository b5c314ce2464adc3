/**
 * Providers: the clients that change the world outside canarykit (a DNS zone, a container, a VM). Actions use
 * them to fail over or recover; faults (drills) use the same ones to break things. Each port has its own file
 * (`dns-provider.ts`, `recovery-provider.ts`); this file holds what they share.
 */
import type { Redis } from 'ioredis';
import type { DnsProvider, DnsRecordTarget } from './dns-provider.ts';
import type { Logger } from './logger.ts';
import type { ProviderCause, ProviderIssue } from './provider-cause.ts';
import type { z } from 'zod';
import type { RecoveryProvider } from './recovery-provider.ts';

export { ProviderError } from './provider-cause.ts';
export type { ProviderCause, ProviderIssue } from './provider-cause.ts';

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
  /** The name the instance is registered under (`corp` for `dnsProviders.corp`; the type where names are types). */
  name?: string;
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
  /** The provider's type (`builtin`, `rfc2136`, `command`, …). */
  type: string;
  port: P;
  /** Problems with a target (a record outside the zones, …) against the configuration; never connects. */
  checkTarget(target: ProviderTargets[P], config: C): ProviderIssue[];
  /** Builds the provider; `close` (when present) releases what it opened, when the process stops. */
  create(config: C, deps: ProviderDeps): ProviderPorts[P] & { close?(): Promise<void> };
}

/** One named entry of `dnsProviders` (`corp: { type: 'rfc2136', … }`): its `type` picks the plugin. */
export interface ProviderEntry {
  type: string;
}

/**
 * A DNS provider plugin. DNS providers are configured by name (`dnsProviders`), so each check and construction
 * also gets the entry, as its own `entrySchema` parsed it.
 */
export interface DnsProviderPlugin<C, E extends ProviderEntry = ProviderEntry> {
  /** The provider's type (`builtin`, `rfc2136`, …). */
  type: string;
  port: 'dns';
  /** Validates one `dnsProviders` entry of this type, every problem with its place (it may read the environment). */
  entrySchema: z.ZodType<E>;
  /** Problems with a target (a record outside the zone, a missing side, …) against the configuration; never connects. */
  checkTarget(target: DnsRecordTarget, config: C, entry: E): ProviderIssue[];
  /** Builds the provider; `close` (when present) releases what it opened, when the process stops. */
  create(config: C, deps: ProviderDeps, entry: E): DnsProvider & { close?(): Promise<void> };
}

export interface RecoveryProviderPlugin<T, C> extends ProviderPlugin<'recovery', C> {
  /** The provider's fields of a recovery action or fault (`container`, `mode`; `recover`, `check`, `timeout`). */
  targetSchema: z.ZodType<T>;
}
