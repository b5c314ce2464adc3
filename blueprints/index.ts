import type { Blueprint } from '../core/blueprint.ts';
import { heartbeat } from './heartbeat/index.ts';

/** The typed registry of blueprints: adding one is one line here. */
export const blueprints = {
  heartbeat,
} satisfies Record<string, Blueprint<unknown>>;

export type BlueprintName = keyof typeof blueprints;

export function findBlueprint(name: string): Blueprint<unknown> | undefined {
  return Object.hasOwn(blueprints, name) ? (blueprints[name as BlueprintName] as Blueprint<unknown>) : undefined;
}
