/** The config-time view of the providers: checks targets against each provider's configuration, connecting to nothing. */
import type { ProviderCatalog, ProviderPort } from '../core/provider.ts';
import { findProvider, providerTypes, type ProviderConfigSections } from './index.ts';

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
      return plugin.checkTarget(target, config);
    },
  };
}
