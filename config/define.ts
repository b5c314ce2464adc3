import type { z } from 'zod';
import type { blueprints, BlueprintName } from '../blueprints/index.ts';
import type { CanaryBaseInput } from './canary-schema.ts';
import type { ConfigInput } from './config-schema.ts';
import type { DrillInput } from './drill-schema.ts';

type SettingsOf<K extends BlueprintName> = (typeof blueprints)[K]['settings'] extends z.ZodType
  ? z.input<(typeof blueprints)[K]['settings']>
  : never;

/** What a `*.canary.ts` file passes to `defineCanary`: the shared fields plus its blueprint's settings. */
export type CanaryInput = {
  [K in BlueprintName]: Omit<CanaryBaseInput, 'blueprint'> & { blueprint: K } & SettingsOf<K>;
}[BlueprintName];

/** Declares a canary. Validation happens when the project loads, so every problem is reported at once. */
export function defineCanary<T extends CanaryInput>(canary: T): T {
  return canary;
}

/** Declares the project configuration (`canary.config.ts`). */
export function defineConfig<T extends ConfigInput>(config: T): T {
  return config;
}

/** Declares a drill (`drills/*.drill.ts`). Validation happens when the project loads, so every problem is reported at once. */
export function defineDrill<T extends DrillInput>(drill: T): T {
  return drill;
}
