import type { ActiveFault, ActiveFaultView, FaultSpec } from '../../core/fault.ts';

/**
 * An `ActiveFaultView` over a plain list, for the fault proxy's unit tests: the port's whole contract is "the
 * active faults of a type", and this returns them as held, **without** checking expiry, so a test can show that the
 * proxy itself never applies a fault past its lease. The Redis-backed view has its own tests.
 */
export class FaultListView implements ActiveFaultView {
  faults: ActiveFault[] = [];
  private seq = 0;

  active(type: string): readonly ActiveFault[] {
    return this.faults.filter((f) => f.type === type);
  }

  /** Adds a fault (newest last) and returns its record. */
  add(spec: FaultSpec, opts: { expiresAt?: number } = {}): ActiveFault {
    const f: ActiveFault = {
      id: `flt-test-${++this.seq}`,
      type: spec.type,
      spec,
      target: `proxy ${String(spec.proxy)}`,
      targets: [`proxy:${String(spec.proxy)}`],
      owner: 'test:1',
      injectedAt: new Date().toISOString(),
      leaseMs: 30_000,
      expiresAt: opts.expiresAt ?? Date.now() + 3_600_000,
    };
    this.faults.push(f);
    return f;
  }

  remove(id: string): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }
}
