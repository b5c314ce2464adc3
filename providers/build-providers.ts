/** Builds one instance of every registered provider for a process: called once by the composition root. */
import type { DnsProvider } from '../core/dns-provider.ts';
import type { ProviderDeps, ProviderRegistry } from '../core/provider.ts';
import type { RecoveryProvider } from '../core/recovery-provider.ts';
import { dnsProviderEntries } from './dns-providers-schema.ts';
import { findProvider, recoveryProviders, type ProviderConfigSections } from './index.ts';
import { providerTable } from './provider-table.ts';
import { parsingTargets } from './parsing-targets.ts';

export interface Providers extends ProviderRegistry {
  /** Releases what the providers opened (clients, sockets); the Redis connection stays the caller's. */
  close(): Promise<void>;
}

type Closable = { close?(): Promise<void> };

/** DNS providers are built per named entry of `dnsProviders` (`builtin` always); recovery providers per type. */
export function buildProviders(config: ProviderConfigSections, deps: ProviderDeps): Providers {
  const closables: Closable[] = [];
  const keep = <T extends Closable>(instance: T): T => {
    closables.push(instance);
    return instance;
  };
  const dns: Record<string, DnsProvider> = {};
  for (const [name, entry] of Object.entries(dnsProviderEntries(config.dnsProviders))) {
    const plugin = findProvider('dns', entry.type);
    if (plugin) dns[name] = keep(plugin.create(config, { ...deps, name }, entry));
  }
  const recovery: Record<string, RecoveryProvider> = {};
  for (const [name, plugin] of Object.entries(recoveryProviders))
    recovery[name] = parsingTargets(keep(plugin.create(config, { ...deps, name })), plugin.targetSchema);
  const table = providerTable({ dns, recovery });
  return {
    ...table,
    async close() {
      for (const c of closables.reverse()) await c.close?.();
    },
  };
}
