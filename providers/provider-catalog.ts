/** The config-time view of the providers: checks targets against each provider's configuration, connecting to nothing. */
import type { DnsRecordTarget } from '../core/dns-provider.ts';
import type { ProviderCatalog, ProviderEntry, ProviderPort } from '../core/provider.ts';
import { dnsProviderEntries } from './dns-providers-schema.ts';
import { findProvider, providerTypes, type ProviderConfigSections } from './index.ts';
import { recoveryProviders } from './index.ts';
import { targetIssues } from './parsing-targets.ts';

const PORT_NAMES: Record<ProviderPort, string> = { dns: 'DNS', recovery: 'recovery' };

export function providerCatalog(config: ProviderConfigSections): ProviderCatalog {
  const dnsEntries: Record<string, ProviderEntry> = dnsProviderEntries(config.dnsProviders);
  return {
    checkTarget(port, provider, target) {
      const unknown = (known: string[]) => [
        {
          path: 'provider',
          message: `unknown ${PORT_NAMES[port]} provider "${provider}": expected one of ${known.join(', ')}`,
        },
      ];
      // DNS providers are named in `dnsProviders`; recovery providers by their type.
      if (port === 'dns') {
        const entry = Object.hasOwn(dnsEntries, provider) ? dnsEntries[provider] : undefined;
        const plugin = entry && findProvider('dns', entry.type);
        if (!entry || !plugin) return unknown(Object.keys(dnsEntries));
        return plugin.checkTarget(target as DnsRecordTarget, config, entry);
      }
      const plugin = findProvider('recovery', provider);
      if (!plugin) return unknown(providerTypes(port));
      // A recovery target is the provider's own fields: its schema first, then its checks on what parsed.
      const schema = recoveryProviders[provider as keyof typeof recoveryProviders].targetSchema;
      const issues = targetIssues(schema, target);
      if (issues.length > 0) return issues;
      return plugin.checkTarget(schema.parse(target) as never, config);
    },
  };
}
