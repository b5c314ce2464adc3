/** In-process DnsProvider (no Redis, no server) for tests: same semantics as the built-in one, served = stored. */
import { normaliseDnsName } from '../../core/dns-name.ts';
import type {
  DnsAuditEntry,
  DnsProvider,
  DnsRecordReading,
  DnsRecordTarget,
  DnsServedAnswer,
  DnsSide,
  DnsSwitchCause,
  DnsSwitchOutcome,
} from '../../core/dns-provider.ts';
import { ProviderError } from '../../core/provider.ts';
import { failoverTargets, type DnsZoneConfig } from '../../providers/builtin-dns/zone-config.ts';

export class MemoryDnsProvider implements DnsProvider {
  readonly type = 'memory';
  private readonly state = new Map<string, DnsSide>();
  private readonly log: DnsAuditEntry[] = [];
  private readonly targets: ReturnType<typeof failoverTargets> | undefined;
  private readonly auditLimit: number;

  /** With zones, only their failover records are known, and `values` describes them. */
  constructor(options: { zones?: readonly DnsZoneConfig[]; auditLimit?: number } = {}) {
    this.targets = options.zones ? failoverTargets(options.zones) : undefined;
    this.auditLimit = options.auditLimit ?? 1000;
  }

  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined {
    return this.targets?.get(normaliseDnsName(target.record))?.[side];
  }

  async read(target: DnsRecordTarget): Promise<DnsRecordReading> {
    const record = this.check(target.record);
    const side = this.state.get(record) ?? 'primary';
    return { record, side, values: this.values(target, side) ?? [] };
  }

  async setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    const record = this.check(target.record);
    const from = this.state.get(record) ?? 'primary';
    const changed = from !== side;
    this.state.set(record, side);
    this.log.unshift({ time: new Date().toISOString(), record, from, to: side, changed, ...cause });
    this.log.length = Math.min(this.log.length, this.auditLimit);
    return { record, changed, from, to: side };
  }

  async served(target: DnsRecordTarget): Promise<DnsServedAnswer> {
    const { record, side, values } = await this.read(target);
    return { record, side, values, source: 'memory' };
  }

  async audit(record?: string, limit = 50): Promise<DnsAuditEntry[]> {
    const name = record === undefined ? undefined : normaliseDnsName(record);
    return this.log.filter((e) => name === undefined || e.record === name).slice(0, limit);
  }

  private check(record: string): string {
    const name = normaliseDnsName(record);
    if (this.targets && !this.targets.has(name))
      throw new ProviderError(`${name} is not a configured failover record`, { retryable: false });
    return name;
  }
}
