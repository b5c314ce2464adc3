import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Artifact } from '../core/types.ts';

const KINDS: Record<string, { kind: Artifact['kind']; contentType: string }> = {
  '.png': { kind: 'screenshot', contentType: 'image/png' },
  '.jpg': { kind: 'screenshot', contentType: 'image/jpeg' },
  '.jpeg': { kind: 'screenshot', contentType: 'image/jpeg' },
  '.har': { kind: 'har', contentType: 'application/json' },
};

/**
 * The files a run wrote to its artifact dir before it broke (an ERROR run returns no result to list them): step
 * screenshots and the like, so a retried run's earlier attempt keeps its evidence. Never throws.
 */
export async function leftArtifacts(artifactDir: string, artifactPrefix: string): Promise<Artifact[]> {
  let files: string[];
  try {
    files = (await readdir(artifactDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const known = KINDS[path.extname(file).toLowerCase()];
    return {
      kind: known?.kind ?? 'other',
      path: path.posix.join(artifactPrefix, file),
      contentType: known?.contentType ?? 'application/octet-stream',
    };
  });
}
