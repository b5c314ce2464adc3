/** The built-in DNS provider: the state store (what each record should serve) plus the server's answers. */
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
import type { DnsRecordStateStore } from './record-state-store.ts';
import { queryServed, type DnsEndpoint } from './served-answer.ts';
import { failoverTargets, type DnsRecordType, type DnsZoneConfig } from './zone-config.ts';

export interface BuiltinDnsProviderOptions {
  zones: readonly DnsZoneConfig[];
  /** Where the built-in server answers for this process; without it `served()` is undefined. */
  server?: () => DnsEndpoint | undefined;
  /** How long one served-answer query may take (default 1000 ms). */
  queryTimeoutMs?: number;
}

export class BuiltinDnsProvider implements DnsProvider {
  readonly type = 'builtin';
  private readonly targets: ReturnType<typeof failoverTargets>;
  private readonly types = new Map<string, DnsRecordType[]>();

  constructor(
    readonly store: DnsRecordStateStore,
    private readonly options: BuiltinDnsProviderOptions,
  ) {
    this.targets = failoverTargets(options.zones);
    for (const zone of options.zones)
      for (const r of zone.records) {
        if (r.kind !== 'failover') continue;
        const list = this.types.get(r.name) ?? [];
        if (!list.includes(r.type)) list.push(r.type);
        this.types.set(r.name, list);
      }
  }

  values(target: DnsRecordTarget, side: DnsSide): readonly string[] | undefined {
    return this.targets.get(normaliseDnsName(target.record))?.[side];
  }

  async read(target: DnsRecordTarget): Promise<DnsRecordReading> {
    const side = await this.store.getSide(target.record);
    return { record: normaliseDnsName(target.record), side, values: this.values(target, side) ?? [] };
  }

  setSide(target: DnsRecordTarget, side: DnsSide, cause: DnsSwitchCause): Promise<DnsSwitchOutcome> {
    return this.store.setSide(target.record, side, cause);
  }

  async served(target: DnsRecordTarget): Promise<DnsServedAnswer | undefined> {
    const server = this.options.server?.();
    if (!server) return undefined;
    const record = normaliseDnsName(target.record);
    const types = this.types.get(record) ?? ['A'];
    return queryServed(server, record, types, this.targets.get(record), this.options.queryTimeoutMs ?? 1000);
  }

  audit(record?: string, limit?: number): Promise<DnsAuditEntry[]> {
    return this.store.audit(record, limit);
  }

  /** Side of every configured failover record (for the API). */
  sides(): Promise<Record<string, DnsSide>> {
    return this.store.sides();
  }
}
