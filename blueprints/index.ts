import type { Blueprint } from '../core/blueprint.ts';
import { api } from './api/index.ts';
import { brokenLinks } from './broken-links/index.ts';
import { guiWorkflow } from './gui-workflow/index.ts';
import { heartbeat } from './heartbeat/index.ts';
import { script } from './script/index.ts';
import { visual } from './visual/index.ts';

/** The typed registry of blueprints: adding one is one line here. */
export const blueprints = {
  api,
  'broken-links': brokenLinks,
  'gui-workflow': guiWorkflow,
  heartbeat,
  script,
  visual,
} satisfies Record<string, Blueprint<unknown>>;

export type BlueprintName = keyof typeof blueprints;

export function findBlueprint(name: string): Blueprint<unknown> | undefined {
  return Object.hasOwn(blueprints, name) ? (blueprints[name as BlueprintName] as Blueprint<unknown>) : undefined;
}
