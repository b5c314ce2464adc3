import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/**
 * Imports a TypeScript or JavaScript module at run time, with no build step.
 * Each call loads a fresh copy, so reloading picks up edits.
 */
export async function importModule(absPath: string): Promise<Record<string, unknown>> {
  const mod: unknown = await tsImport(pathToFileURL(absPath).href, import.meta.url);
  return mod as Record<string, unknown>;
}

/** The module's default export (unwrapping CommonJS interop), or undefined. */
export function defaultExport(mod: Record<string, unknown>): unknown {
  const d = mod.default;
  if (d && typeof d === 'object' && 'default' in d && Object.keys(d).length === 1)
    return (d as { default: unknown }).default;
  return d;
}
