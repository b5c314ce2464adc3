import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { EventPublisher } from '../../core/events.ts';
import {
  defineFault,
  type ActiveFault,
  type FaultController,
  type FaultEndReason,
  type FaultSpec,
  type HeldFault,
  type InjectOptions,
} from '../../core/fault.ts';
import type { Origin } from './origin.ts';

/**
 * A test-only fault type, registered nowhere: `{ type: 'origin-down', origin: '<name>' }` stops one of the test's
 * origins (connections are refused) until reverted. It lets the loader and the runner be tested before the real
 * fault types are merged.
 */
export const originDownFault = defineFault({
  type: 'origin-down',
  kind: 'served',
  schema: z.strictObject({ type: z.literal('origin-down'), origin: z.string() }) as z.ZodType<FaultSpec>,
  target: (spec) => `origin ${String(spec.origin)}`,
  targets: (spec) => [`origin:${String(spec.origin)}`],
});

/**
 * A real FaultController for `origin-down` faults, in tests: it implements the port (it does not mock our code)
 * by stopping and restarting a real origin, and publishes FaultInjected / FaultReverted on the real event stream.
 * No lease (the test process owns the origins). Counts what it did, so tests can assert the revert ran.
 */
export class OriginFaultController implements FaultController {
  readonly active = new Map<string, ActiveFault>();
  injected = 0;
  reverted = 0;

  constructor(
    private readonly origins: Record<string, Origin>,
    private readonly events: EventPublisher,
  ) {}

  async inject(spec: FaultSpec, opts: InjectOptions = {}): Promise<HeldFault> {
    const origin = this.origins[String(spec.origin)];
    if (!origin) throw new Error(`no origin ${String(spec.origin)}`);
    const leaseMs = opts.leaseMs ?? 30_000;
    const fault: ActiveFault = {
      id: `flt-${randomUUID()}`,
      type: spec.type,
      spec,
      target: originDownFault.target(spec),
      targets: originDownFault.targets(spec),
      owner: `${hostname()}:${process.pid}`,
      ...(opts.drillRunId ? { drillRunId: opts.drillRunId } : {}),
      injectedAt: new Date().toISOString(),
      leaseMs,
      expiresAt: Date.now() + leaseMs,
    };
    await origin.stop();
    this.injected += 1;
    this.active.set(fault.id, fault);
    await this.events.publish({
      type: 'FaultInjected',
      faultId: fault.id,
      faultType: fault.type,
      target: fault.target,
      owner: fault.owner,
      ...(fault.drillRunId ? { drillRunId: fault.drillRunId } : {}),
      injectedAt: fault.injectedAt,
      expiresAt: fault.expiresAt,
    });
    let settle: (r: FaultEndReason) => void = () => {};
    const ended = new Promise<FaultEndReason>((r) => (settle = r));
    let done = false;
    return {
      fault,
      ended,
      revert: async (reason: FaultEndReason = 'reverted') => {
        if (done) return;
        done = true;
        await origin.start();
        this.reverted += 1;
        this.active.delete(fault.id);
        await this.events.publish({
          type: 'FaultReverted',
          faultId: fault.id,
          faultType: fault.type,
          target: fault.target,
          ...(fault.drillRunId ? { drillRunId: fault.drillRunId } : {}),
          reason,
          revertedAt: new Date().toISOString(),
        });
        settle(reason);
      },
    };
  }

  list(): Promise<ActiveFault[]> {
    return Promise.resolve([...this.active.values()]);
  }

  revert(): Promise<boolean> {
    return Promise.reject(new Error('not used by these tests'));
  }

  revertAll(): Promise<string[]> {
    return Promise.reject(new Error('not used by these tests'));
  }
}
