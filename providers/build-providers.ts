/** Builds one instance of every registered provider for a process: called once by the composition root. */
import type { DnsProvider } from '../core/dns-provider.ts';
import type { ProviderDeps, ProviderRegistry } from '../core/provider.ts';
import type { RecoveryProvider } from '../core/recovery-provider.ts';
import { dnsProviders, recoveryProviders, type ProviderConfigSections } from './index.ts';
import { providerTable } from './provider-table.ts';
import { parsingTargets } from './parsing-targets.ts';

export interface Providers extends ProviderRegistry {
  /** Releases what the providers opened (clients, sockets); the Redis connection stays the caller's. */
  close(): Promise<void>;
}

type Closable = { close?(): Promise<void> };

export function buildProviders(config: ProviderConfigSections, deps: ProviderDeps): Providers {
  const closables: Closable[] = [];
  const build = <T>(plugins: Record<string, { create(c: ProviderConfigSections, d: ProviderDeps): T & Closable }>) =>
    Object.fromEntries(
      Object.entries(plugins).map(([name, plugin]) => {
        const instance = plugin.create(config, deps);
        closables.push(instance);
        return [name, instance];
      }),
    );
  const table = providerTable({
    dns: build<DnsProvider>(dnsProviders),
    recovery: Object.fromEntries(
      Object.entries(build<RecoveryProvider>(recoveryProviders)).map(([name, p]) => [
        name,
        parsingTargets(p, recoveryProviders[name as keyof typeof recoveryProviders].targetSchema),
      ]),
    ),
  });
  return {
    ...table,
    async close() {
      for (const c of closables.reverse()) await c.close?.();
    },
  };
}
