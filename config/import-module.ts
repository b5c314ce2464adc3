import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/** A loaded module and the content hash of every local file it loaded (itself and its imports, outside node_modules). */
interface Loaded {
  module: Record<string, unknown>;
  files: Map<string, string>;
}

const loaded = new Map<string, Loaded>();

async function hashFile(file: string): Promise<string | undefined> {
  try {
    return createHash('sha1')
      .update(await readFile(file))
      .digest('hex');
  } catch {
    return undefined;
  }
}

async function unchanged(files: ReadonlyMap<string, string>): Promise<boolean> {
  for (const [file, hash] of files) if ((await hashFile(file)) !== hash) return false;
  return true;
}

/**
 * Imports a TypeScript or JavaScript module at run time, with no build step. A module whose files (it and every
 * local file it imports) are unchanged since the last call is returned as loaded then; otherwise a fresh copy is
 * loaded, so a reload picks up edits. ES modules can never be unloaded, so this is what keeps memory flat over many
 * reloads: only an edit costs a new copy.
 */
export async function importModule(absPath: string): Promise<Record<string, unknown>> {
  const previous = loaded.get(absPath);
  if (previous && (await unchanged(previous.files))) return previous.module;
  const imported = new Set<string>([absPath]);
  const mod: unknown = await tsImport(pathToFileURL(absPath).href, {
    parentURL: import.meta.url,
    onImport: (url) => {
      if (!url.startsWith('file:')) return;
      const file = fileURLToPath(url.split('?')[0] ?? url);
      if (!file.split(path.sep).includes('node_modules')) imported.add(file);
    },
  });
  const files = new Map<string, string>();
  for (const file of imported) {
    const hash = await hashFile(file);
    if (hash !== undefined) files.set(file, hash);
  }
  const module = mod as Record<string, unknown>;
  loaded.set(absPath, { module, files });
  return module;
}

/** The module's default export (unwrapping CommonJS interop), or undefined. */
export function defaultExport(mod: Record<string, unknown>): unknown {
  const d = mod.default;
  if (d && typeof d === 'object' && 'default' in d && Object.keys(d).length === 1)
    return (d as { default: unknown }).default;
  return d;
}
