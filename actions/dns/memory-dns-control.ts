/** In-process DnsControl (no Redis): for `canary run`, tests and single-process demos. Same semantics as the Redis store. */
import type { DnsControl, DnsSide, DnsSwitchCause, DnsSwitchOutcome } from '../../core/action.ts';
import { normaliseDnsName } from './names.ts';
import type { DnsAuditEntry } from './record-state-store.ts';

export class MemoryDnsControl implements DnsControl {
  private readonly state = new Map<string, DnsSide>();
  private readonly log: DnsAuditEntry[] = [];

  constructor(private readonly auditLimit = 1000) {}

  async setSide(record: string, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const name = normaliseDnsName(record);
    const from = this.state.get(name) ?? 'primary';
    const changed = from !== side;
    this.state.set(name, side);
    this.log.unshift({ time: new Date().toISOString(), record: name, from, to: side, changed, ...cause });
    this.log.length = Math.min(this.log.length, this.auditLimit);
    return { record: name, changed, from, to: side };
  }

  /** Synchronous, so it can also serve as the DNS server's `sides`. */
  get(record: string): DnsSide {
    return this.state.get(normaliseDnsName(record)) ?? 'primary';
  }

  async getSide(record: string): Promise<DnsSide> {
    return this.get(record);
  }

  async sides(): Promise<Record<string, DnsSide>> {
    return Object.fromEntries(this.state);
  }

  async audit(record?: string, limit = 50): Promise<DnsAuditEntry[]> {
    const name = record === undefined ? undefined : normaliseDnsName(record);
    return this.log.filter((e) => name === undefined || e.record === name).slice(0, limit);
  }
}
