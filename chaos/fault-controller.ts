/**
 * The fault controller: validates a spec against its plugin, records its lease, applies it (an effect fault's
 * `inject`), renews the lease while it holds it, and ends it (the plugin's `revert`, the lease deleted, a
 * `FaultReverted` event) on request, from this or any other process: the kill switch and the reaper use the same
 * `end`. A failed revert keeps the lease, so the `faults` role retries it once it runs out.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { EventPublisher, FaultReverted } from '../core/events.ts';
import {
  DEFAULT_FAULT_LEASE_MS,
  type ActiveFault,
  type FaultCheckContext,
  type FaultController,
  type FaultEndReason,
  type FaultPlugin,
  type FaultServices,
  type FaultSpec,
  type HeldFault,
  type InjectOptions,
} from '../core/fault.ts';
import { FaultEndReasons } from './fault-end-reasons.ts';
import type { FaultStore, StoredFault } from './fault-store.ts';
import { faultPlugin } from './faults/index.ts';
import { FaultSpecError, validateFaultSpec } from './validate-fault.ts';

export interface FaultControllerDeps {
  store: FaultStore;
  /** For the end reasons (`<prefix>:faults:ended:<id>`). */
  redis: Redis;
  prefix: string;
  events: EventPublisher;
  services: FaultServices;
  /** What checks consult (proxies, DNS records); read at every inject, so a reload takes effect. */
  checkContext: () => FaultCheckContext;
  /** Default lease (the config's `faults.leaseSeconds`). */
  leaseMs?: () => number;
  /** `host:pid` by default. */
  owner?: string;
  /** How often a held fault checks that its lease is still there (default 1000 ms); it renews every leaseMs/3. */
  pollMs?: number;
}

export interface ControllerInjectOptions extends InjectOptions {
  /** Record the lease and apply the fault, but do not hold it: the appliers and the reaper end it at expiry. */
  detach?: boolean;
}

/** What the kill switch ended, and what it could not. */
export interface KillSwitchResult {
  ended: string[];
  failed: Array<{ id: string; target: string; error: string }>;
}

/** A revert that failed (the lease is kept: the `faults` role retries after it runs out). */
export class FaultRevertError extends Error {
  constructor(
    message: string,
    readonly ended: readonly string[] = [],
  ) {
    super(message);
    this.name = 'FaultRevertError';
  }
}

/** An effect fault's inject that failed (what it may have done was reverted, the lease removed). */
export class FaultInjectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultInjectError';
  }
}

export const MIN_LEASE_MS = 1000;

type Held = HeldFault & { stop(): void };

export class RedisFaultController implements FaultController {
  readonly owner: string;
  private readonly held = new Map<string, Held>();
  private readonly reasons: FaultEndReasons;
  private readonly pollMs: number;
  private closed = false;

  constructor(private readonly deps: FaultControllerDeps) {
    this.owner = deps.owner ?? `${hostname()}:${process.pid}`;
    this.reasons = new FaultEndReasons(deps.redis, deps.prefix);
    this.pollMs = deps.pollMs ?? 1000;
  }

  /** Validates without injecting: the plugin and the spec with defaults, or a FaultSpecError with every problem. */
  validate(spec: unknown): { plugin: FaultPlugin<FaultSpec>; spec: FaultSpec } {
    const v = validateFaultSpec(spec, this.deps.checkContext());
    if (!v.ok) {
      const type = (spec as { type?: unknown } | null)?.type;
      throw new FaultSpecError(v.issues, typeof type === 'string' ? type : undefined);
    }
    return v;
  }

  async inject(input: FaultSpec, opts: ControllerInjectOptions = {}): Promise<HeldFault> {
    if (this.closed) throw new Error('fault controller is closed');
    const { plugin, spec } = this.validate(input);
    const leaseMs = opts.leaseMs ?? this.deps.leaseMs?.() ?? DEFAULT_FAULT_LEASE_MS;
    if (!Number.isInteger(leaseMs) || leaseMs < MIN_LEASE_MS)
      throw new FaultSpecError([{ path: 'lease', message: `expected at least ${MIN_LEASE_MS} ms, got ${leaseMs}` }]);
    const now = Date.now();
    const fault: ActiveFault = {
      id: `flt-${randomUUID()}`,
      type: plugin.type,
      spec,
      target: plugin.target(spec),
      targets: plugin.targets(spec),
      owner: this.owner,
      ...(opts.drillRunId !== undefined ? { drillRunId: opts.drillRunId } : {}),
      injectedAt: new Date(now).toISOString(),
      leaseMs,
      expiresAt: now + leaseMs,
    };
    if (opts.dryRun) return endedHold(fault, 'reverted');

    await this.deps.store.put(fault);
    // Held (renewed) from now on, so a slow inject does not outlive its lease.
    const held = opts.detach ? undefined : this.hold(fault);
    if (plugin.kind === 'effect') {
      try {
        fault.state = await plugin.inject(spec, this.deps.services);
      } catch (err) {
        held?.stop();
        await this.undoFailedInject(plugin, fault);
        throw new FaultInjectError(`${fault.target}: inject failed: ${(err as Error).message}`, { cause: err });
      }
      await this.deps.store.setState(fault.id, fault.state);
      if (!(await this.deps.store.get(fault.id))) {
        // Ended elsewhere (the kill switch) while we injected, before the state was stored: undo it here.
        held?.stop();
        await plugin.revert(spec, fault.state, this.revertServices());
        return endedHold(fault, (await this.reasons.get(fault.id)) ?? 'kill-switch');
      }
    }
    await this.deps.events.publish({
      type: 'FaultInjected',
      faultId: fault.id,
      faultType: fault.type,
      target: fault.target,
      owner: fault.owner,
      ...(fault.drillRunId !== undefined ? { drillRunId: fault.drillRunId } : {}),
      injectedAt: fault.injectedAt,
      expiresAt: fault.expiresAt,
    });
    this.deps.services.log.info(
      { id: fault.id, target: fault.target, leaseMs, detach: !!opts.detach },
      'fault injected',
    );
    return held ?? detachedHold(fault, this);
  }

  async list(): Promise<StoredFault[]> {
    return this.deps.store.list();
  }

  async revert(id: string, reason: FaultEndReason = 'reverted'): Promise<boolean> {
    const mine = this.held.get(id);
    if (mine) {
      await mine.revert(reason);
      return true;
    }
    const fault = await this.deps.store.get(id);
    if (!fault) return false;
    return this.end(fault, reason);
  }

  /** The kill switch, reporting each fault: every stored fault (expired and claimed ones too) is ended. */
  async killSwitch(): Promise<KillSwitchResult> {
    const result: KillSwitchResult = { ended: [], failed: [] };
    for (const f of await this.deps.store.list()) {
      try {
        if (await this.revert(f.id, 'kill-switch')) result.ended.push(f.id);
      } catch (err) {
        result.failed.push({ id: f.id, target: f.target, error: (err as Error).message });
      }
    }
    return result;
  }

  async revertAll(): Promise<string[]> {
    const r = await this.killSwitch();
    if (r.failed.length)
      throw new FaultRevertError(
        `kill switch: ${r.failed.length} fault(s) could not be reverted: ${r.failed.map((f) => `${f.id} (${f.target}): ${f.error}`).join('; ')}`,
        r.ended,
      );
    return r.ended;
  }

  /**
   * Ends a fault, whoever holds it: runs an effect fault's revert with its stored state, then deletes the lease
   * and publishes `FaultReverted`. A failed revert publishes `FaultReverted` with `error`, keeps the lease and
   * throws. True when this call deleted the lease.
   */
  async end(fault: ActiveFault, reason: FaultEndReason): Promise<boolean> {
    const plugin = faultPlugin(fault.type);
    const base: Omit<FaultReverted, 'revertedAt'> = {
      type: 'FaultReverted',
      faultId: fault.id,
      faultType: fault.type,
      target: fault.target,
      ...(fault.drillRunId !== undefined ? { drillRunId: fault.drillRunId } : {}),
      reason,
    };
    if (plugin?.kind === 'effect') {
      try {
        await plugin.revert(fault.spec, fault.state ?? {}, this.revertServices());
      } catch (err) {
        const error = (err as Error).message;
        await this.deps.events.publish({ ...base, revertedAt: new Date().toISOString(), error });
        this.deps.services.log.warn({ id: fault.id, target: fault.target, err: error }, 'fault revert failed');
        throw new FaultRevertError(`${fault.target}: revert failed (the lease is kept and retried): ${error}`);
      }
    } else if (!plugin) {
      this.deps.services.log.warn({ id: fault.id, type: fault.type }, 'fault of an unknown type: deleting its lease');
    }
    await this.reasons.set(fault.id, reason);
    const removed = await this.deps.store.remove(fault.id);
    if (removed) {
      await this.deps.events.publish({ ...base, revertedAt: new Date().toISOString() });
      this.deps.services.log.info({ id: fault.id, target: fault.target, reason }, 'fault ended');
    }
    return removed !== undefined;
  }

  /** Stops holding: every fault this process holds is reverted (best effort; a failure leaves it to its lease). */
  async close(): Promise<void> {
    this.closed = true;
    for (const h of [...this.held.values()]) {
      await h
        .revert('reverted')
        .catch((err: unknown) =>
          this.deps.services.log.warn({ id: h.fault.id, err: (err as Error).message }, 'fault not reverted on close'),
        );
      h.stop();
    }
  }

  private revertServices(): FaultServices {
    // A revert is never aborted: it is what must happen on every exit path.
    return { providers: this.deps.services.providers, log: this.deps.services.log };
  }

  private async undoFailedInject(plugin: FaultPlugin<FaultSpec>, fault: ActiveFault): Promise<void> {
    if (plugin.kind === 'effect') {
      try {
        await plugin.revert(fault.spec, {}, this.revertServices());
      } catch (err) {
        this.deps.services.log.warn(
          { id: fault.id, err: (err as Error).message },
          'revert after a failed inject failed',
        );
      }
    }
    await this.deps.store.remove(fault.id);
  }

  /** Holds `fault`: renews its lease every leaseMs/3 and notices when it vanishes (ended elsewhere, lease lost). */
  private hold(fault: ActiveFault): Held {
    const { store, services } = this.deps;
    let settle!: (r: FaultEndReason) => void;
    const ended = new Promise<FaultEndReason>((resolve) => (settle = resolve));
    let renewing = true;
    let lastRenew = Date.now();
    let busy = false;
    let timer: NodeJS.Timeout | undefined;
    let reverting: Promise<void> | undefined;
    let done = false;

    const finish = (reason: FaultEndReason): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      this.held.delete(fault.id);
      settle(reason);
    };
    const tick = async (): Promise<void> => {
      if (busy || done) return;
      busy = true;
      try {
        const now = Date.now();
        let present: boolean;
        if (renewing && now - lastRenew >= fault.leaseMs / 3) {
          present = await store.renew(fault.id, now + fault.leaseMs);
          if (present) {
            lastRenew = now;
            fault.expiresAt = now + fault.leaseMs;
          }
        } else {
          const stored = await store.get(fault.id);
          present = stored !== undefined && stored.claimedBy === undefined;
        }
        if (!present && !reverting) finish((await this.reasons.get(fault.id)) ?? 'lease-expired');
      } catch (err) {
        services.log.warn({ id: fault.id, err: (err as Error).message }, 'fault lease: renew failed; retrying');
      } finally {
        busy = false;
      }
    };
    const start = (): void => {
      clearInterval(timer);
      timer = setInterval(() => void tick(), Math.min(this.pollMs, Math.max(100, fault.leaseMs / 3)));
      timer.unref();
    };
    start();

    const held: Held = {
      fault,
      ended,
      revert: (reason = 'reverted') => {
        if (done) return Promise.resolve();
        reverting ??= (async () => {
          clearInterval(timer);
          try {
            await this.end(fault, reason);
            finish(reason);
          } catch (err) {
            // The lease is left to run out (the reaper retries); keep watching so `ended` still settles.
            renewing = false;
            reverting = undefined;
            start();
            throw err;
          }
        })();
        return reverting;
      },
      stop: () => {
        clearInterval(timer);
        this.held.delete(fault.id);
      },
    };
    this.held.set(fault.id, held);
    return held;
  }
}

/** A fault that is not held (dry run, ended during inject): `ended` has settled; revert does nothing. */
function endedHold(fault: ActiveFault, reason: FaultEndReason): HeldFault {
  return { fault, ended: Promise.resolve(reason), revert: () => Promise.resolve() };
}

/** A detached fault: not renewed; `revert` ends it like `canary fault revert <id>`; `ended` never settles here. */
function detachedHold(fault: ActiveFault, controller: RedisFaultController): HeldFault {
  return {
    fault,
    ended: new Promise<FaultEndReason>(() => {}),
    revert: async (reason = 'reverted') => void (await controller.revert(fault.id, reason)),
  };
}
