/**
 * Faults: something broken on purpose, for a while. A fault has a type (`http`, `dns`, `process`,
 * `container`, `command`), a target and settings; injecting it returns its revert. Every fault is **leased**:
 * recorded in Redis with an expiry its controller renews while alive. Faults come in two kinds:
 *
 * - **served** faults (`http`, `dns`) are applied by a long-running component (the fault proxy, the built-in
 *   DNS server) that reads the active leases; when a lease runs out the component simply stops applying it,
 *   so a dead controller's fault ends on its own.
 * - **effect** faults (`process`, `container`, `command`) change the world once (a signal, a stopped
 *   container); their plugin's `revert` undoes it. The controller reverts on every exit path; if it dies,
 *   the `faults` role of `canary up` claims the expired lease and runs the revert (exactly once).
 *
 * The lease store and the plugins live in `chaos/`; this file is the vocabulary every layer may use
 * (the DNS server reads served DNS faults through `ActiveFaultView` without knowing about Redis).
 */
import type { z } from 'zod';
import type { Logger } from './logger.ts';
import type { ProviderIssue, ProviderRegistry } from './provider.ts';

/** A fault as written in a drill or on the command line: its type plus the type's own settings. */
export interface FaultSpec {
  type: string;
  [setting: string]: unknown;
}

/** Why a fault ended. */
export type FaultEndReason = 'reverted' | 'lease-expired' | 'kill-switch';

/** One active fault, as stored under its lease. */
export interface ActiveFault {
  /** `flt-<uuid>`. */
  id: string;
  type: string;
  /** The spec as validated by its plugin (settings with defaults applied). */
  spec: FaultSpec;
  /** A short human name of the target: `proxy www-primary`, `dns www.demo.test`, `container web-1`. */
  target: string;
  /** Lock keys of what it touches (`proxy:www-primary`, `dns:www.demo.test`): two drills never share one. */
  targets: readonly string[];
  /** `host:pid` of the controller that holds the lease. */
  owner: string;
  /** The drill run that injected it, when a drill did. */
  drillRunId?: string;
  /** When it was injected (ISO). */
  injectedAt: string;
  /** Lease length; the controller renews it about every third of this. */
  leaseMs: number;
  /** Epoch ms at which the lease runs out unless renewed. */
  expiresAt: number;
  /** What an effect fault's `inject` returned for its `revert` (a pid, a container id); JSON. */
  state?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The active faults of one type, as a served-fault applier sees them: kept current by the chaos layer
 * (pub/sub plus a periodic refresh), with expiry checked at every read so a lost controller's fault stops at
 * its lease end even if no one deletes it.
 */
export interface ActiveFaultView {
  /** Active, unexpired faults of `type`, oldest first. */
  active(type: string, now?: number): readonly ActiveFault[];
  /** Calls `listener` after every reload (a fault added, renewed or ended); returns the unsubscribe. */
  onChange?(listener: () => void): () => void;
}

/** What a fault plugin gets to act: the process's providers (Docker clients shared with recovery), a logger. */
export interface FaultServices {
  providers: ProviderRegistry;
  log: Logger;
  /** Aborted when the controller gives up (shutdown, kill switch). */
  signal?: AbortSignal;
}

/** What a fault's check may consult while a drill file or a CLI request is validated. */
export interface FaultCheckContext {
  /** Proxy names from `proxies`. */
  proxies: readonly string[];
  /** Records the built-in DNS server serves (`dns.zones[].records[].name`, normalised). */
  dnsRecords: readonly string[];
}

export interface FaultPluginBase<S extends FaultSpec> {
  type: string;
  /** Zod schema of the spec (including its `type` literal). */
  schema: z.ZodType<S>;
  /** Problems needing the rest of the project (an unknown proxy or record); paths relative to the spec. */
  check?(spec: S, ctx: FaultCheckContext): ProviderIssue[];
  /** A short human name of the target. */
  target(spec: S): string;
  /** Lock keys of what it touches. */
  targets(spec: S): string[];
}

/** Applied by a long-running component reading the leases (the proxy, the DNS server). */
export interface ServedFaultPlugin<S extends FaultSpec> extends FaultPluginBase<S> {
  kind: 'served';
}

/** Changes the world once; `revert` undoes it, given what `inject` returned. */
export interface EffectFaultPlugin<S extends FaultSpec> extends FaultPluginBase<S> {
  kind: 'effect';
  /** Breaks the target; returns what `revert` needs (kept in the lease, so another process can revert). */
  inject(spec: S, services: FaultServices): Promise<Readonly<Record<string, string | number | boolean>>>;
  /** Undoes `inject`. Must be safe to call twice and after a partial inject. */
  revert(spec: S, state: Readonly<Record<string, string | number | boolean>>, services: FaultServices): Promise<void>;
}

export type FaultPlugin<S extends FaultSpec = FaultSpec> = ServedFaultPlugin<S> | EffectFaultPlugin<S>;

export function defineFault<S extends FaultSpec>(p: FaultPlugin<S>): FaultPlugin<S> {
  return p;
}

/** Default lease of a fault, when neither the drill nor the config nor the CLI names one. */
export const DEFAULT_FAULT_LEASE_MS = 30_000;

/**
 * The `dns` fault's spec, here because the built-in DNS server (in `providers/`) applies it: while active,
 * queries for `record` get `answer` instead of the failover side's values.
 */
export interface DnsFaultSpec extends FaultSpec {
  type: 'dns';
  /** Record name, normalised (lowercase, no trailing dot). */
  record: string;
  /** `SERVFAIL` / `NXDOMAIN` answer with that rcode; `timeout` never answers; an IPv4 or IPv6 address answers it. */
  answer: 'SERVFAIL' | 'NXDOMAIN' | 'timeout' | (string & {});
}

export interface InjectOptions {
  /** Lease length; default the config's `faults.leaseSeconds` (30 s). */
  leaseMs?: number;
  drillRunId?: string;
  /** Say what would be injected; inject nothing, store nothing. */
  dryRun?: boolean;
}

/** A fault this process injected and holds the lease of (renewed in the background until it ends). */
export interface HeldFault {
  readonly fault: ActiveFault;
  /**
   * Ends the fault: runs an effect fault's revert, deletes the lease, publishes `FaultReverted`. Idempotent;
   * a failed revert rejects and leaves the lease to run out, so the `faults` role retries it.
   */
  revert(reason?: FaultEndReason): Promise<void>;
  /** Settles when the fault ended by any means (reverted here, by the kill switch, or a lost lease). */
  readonly ended: Promise<FaultEndReason>;
}

/** Injects faults under leases; the drill runner and `canary fault inject` use it. */
export interface FaultController {
  /** Validates `spec` against its plugin, records the lease, applies it, publishes `FaultInjected`. */
  inject(spec: FaultSpec, opts?: InjectOptions): Promise<HeldFault>;
  /** Active faults (all processes), oldest first. */
  list(): Promise<ActiveFault[]>;
  /** Ends one fault by id, whoever holds it; false when no such fault is active. */
  revert(id: string, reason?: FaultEndReason): Promise<boolean>;
  /** The kill switch: ends every active fault; returns the ids ended. */
  revertAll(): Promise<string[]>;
}
