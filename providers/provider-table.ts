/** A ProviderRegistry over fixed tables of instances. */
import type { DnsProvider } from '../core/dns-provider.ts';
import type { ProviderPort, ProviderPorts, ProviderRegistry } from '../core/provider.ts';
import type { RecoveryProvider } from '../core/recovery-provider.ts';

export interface ProviderTables {
  dns?: Readonly<Record<string, DnsProvider>>;
  recovery?: Readonly<Record<string, RecoveryProvider>>;
}

export function providerTable(tables: ProviderTables): ProviderRegistry {
  const of = (port: ProviderPort): Readonly<Record<string, ProviderPorts[ProviderPort]>> => tables[port] ?? {};
  return {
    get<P extends ProviderPort>(port: P, name: string): ProviderPorts[P] | undefined {
      const table = of(port) as Readonly<Record<string, ProviderPorts[P]>>;
      return Object.hasOwn(table, name) ? table[name] : undefined;
    },
    names: (port) => Object.keys(of(port)),
  };
}
