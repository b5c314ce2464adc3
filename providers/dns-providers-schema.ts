/**
 * The `dnsProviders` section: named DNS providers, each entry validated by the schema of the plugin its `type`
 * names. `builtin` (the built-in server) is always there, named or not.
 */
import { z } from 'zod';
import { DEFAULT_DNS_PROVIDER } from '../core/dns-provider.ts';
import type { DnsProviderPlugin, ProviderEntry } from '../core/provider.ts';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

/** The entry `builtin` stands for when the config does not name it. */
export const BUILTIN_ENTRY: ProviderEntry = { type: 'builtin' };

export function dnsProvidersSchema(plugins: Readonly<Record<string, DnsProviderPlugin<never>>>) {
  const types = Object.keys(plugins);
  return z
    .record(
      z.string().regex(NAME, { error: 'a provider name is letters, digits, "-" and "_"' }),
      z.looseObject({ type: z.string({ error: `expected a DNS provider type: one of ${types.join(', ')}` }) }),
    )
    .transform((entries, ctx): Record<string, ProviderEntry> => {
      const out: Record<string, ProviderEntry> = {};
      for (const [name, raw] of Object.entries(entries)) {
        const plugin = Object.hasOwn(plugins, raw.type) ? plugins[raw.type] : undefined;
        if (!plugin) {
          const message = `unknown DNS provider type "${raw.type}": expected one of ${types.join(', ')}`;
          ctx.addIssue({ code: 'custom', path: [name, 'type'], message, input: raw.type });
          continue;
        }
        if (name === DEFAULT_DNS_PROVIDER && raw.type !== DEFAULT_DNS_PROVIDER) {
          const message = `the name "${DEFAULT_DNS_PROVIDER}" is the built-in server's: give this ${raw.type} provider another name`;
          ctx.addIssue({ code: 'custom', path: [name, 'type'], message, input: raw.type });
          continue;
        }
        const res = plugin.entrySchema.safeParse(raw);
        if (res.success) out[name] = res.data;
        else for (const issue of res.error.issues) ctx.addIssue({ ...issue, path: [name, ...issue.path] });
      }
      return out;
    });
}

/** Every DNS provider of a config by name, `builtin` included. */
export function dnsProviderEntries(section: Readonly<Record<string, ProviderEntry>> | undefined) {
  return { [DEFAULT_DNS_PROVIDER]: BUILTIN_ENTRY, ...section };
}
