/** The config-time view of the providers: checks targets against each provider's configuration, connecting to nothing. */
import type { ProviderCatalog, ProviderPort } from '../core/provider.ts';
import { findProvider, providerTypes, recoveryProviders, type ProviderConfigSections } from './index.ts';
import { targetIssues } from './parsing-targets.ts';

const PORT_NAMES: Record<ProviderPort, string> = { dns: 'DNS', recovery: 'recovery' };

export function providerCatalog(config: ProviderConfigSections): ProviderCatalog {
  return {
    checkTarget(port, provider, target) {
      const plugin = findProvider(port, provider);
      if (!plugin)
        return [
          {
            path: 'provider',
            message: `unknown ${PORT_NAMES[port]} provider "${provider}": expected one of ${providerTypes(port).join(', ')}`,
          },
        ];
      // A recovery target is the provider's own fields: its schema first, then its checks on what parsed.
      if (port === 'recovery') {
        const schema = recoveryProviders[provider as keyof typeof recoveryProviders].targetSchema;
        const issues = targetIssues(schema, target);
        if (issues.length > 0) return issues;
        return plugin.checkTarget(schema.parse(target) as never, config);
      }
      return plugin.checkTarget(target, config);
    },
  };
}
