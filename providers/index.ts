/**
 * The typed registry of providers, by port: adding one is its folder plus one line here. A provider with a
 * section of its own in `canary.config.ts` also lists it in `providerConfigSections`.
 */
import { z } from 'zod';
import type { DnsProviderPlugin } from '../core/provider.ts';
import type { ProviderPort } from '../core/provider.ts';
import type { RecoveryProviderPlugin } from '../core/provider.ts';
import { builtinDns } from './builtin-dns/index.ts';
import { dnsConfigSchema } from './builtin-dns/zone-config.ts';
import { command } from './command/index.ts';
import { dnsProvidersSchema } from './dns-providers-schema.ts';
import { rfc2136 } from './rfc2136/index.ts';
import { route53 } from './route53/index.ts';
import { cloudflare } from './cloudflare/index.ts';
import { docker } from './docker/index.ts';
import { ec2 } from './ec2/index.ts';

export const dnsProviders = {
  builtin: builtinDns,
  rfc2136,
  route53,
  cloudflare,
} satisfies Record<string, DnsProviderPlugin<never>>;

export const recoveryProviders = {
  command,
  docker,
  ec2,
} satisfies Record<string, RecoveryProviderPlugin<unknown, never>>;

/** Sections of `canary.config.ts` owned by providers, each validated by its provider's schema in the config's one pass. */
export const providerConfigSections = {
  dns: dnsConfigSchema.optional(),
  /** Named DNS providers (`corp: { type: 'rfc2136', … }`); `builtin` is implicit. */
  dnsProviders: dnsProvidersSchema(dnsProviders).optional(),
};

const sectionsSchema = z.object(providerConfigSections);
/** The validated provider sections of a project config (a `ResolvedConfig` is one). */
export type ProviderConfigSections = z.output<typeof sectionsSchema>;

export type DnsProviderType = keyof typeof dnsProviders;
export type RecoveryProviderType = keyof typeof recoveryProviders;

interface PluginOf {
  dns: DnsProviderPlugin<ProviderConfigSections>;
  recovery: RecoveryProviderPlugin<unknown, ProviderConfigSections>;
}

const byPort: { [P in ProviderPort]: Readonly<Record<string, PluginOf[P]>> } = {
  dns: dnsProviders,
  recovery: recoveryProviders,
};

/** The plugin of `port` registered for `type`. */
export function findProvider<P extends ProviderPort>(port: P, type: string): PluginOf[P] | undefined {
  const table = byPort[port] as Readonly<Record<string, PluginOf[P]>>;
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

export function providerTypes(port: ProviderPort): string[] {
  return Object.keys(byPort[port]);
}
