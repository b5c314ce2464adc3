import { open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { Artifact } from '../core/types.ts';
import { HttpError } from './http-error.ts';

const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(?:\s*;\s*[a-z0-9-]+=[^;,\s]+)*$/i;

/**
 * Streams a run artifact from the data dir with its recorded content type, `nosniff`, and a sandboxing CSP (an
 * artifact is the checked site's content, served from the API's origin). Only regular files whose real path
 * (symlinks resolved) lies inside the data dir are served; anything else is a 404. Unlike `res.sendFile`, a data dir
 * with a dot segment (the default `.canary`) is fine.
 */
export async function sendArtifact(res: Response, dataDir: string, artifact: Artifact, head: boolean): Promise<void> {
  const name = path.posix.basename(artifact.path);
  const missing = () => new HttpError(404, `artifact file missing on this host: ${artifact.path}`);
  const root = await realpath(dataDir).catch(() => {
    throw missing();
  });
  const real = await realpath(path.resolve(root, artifact.path)).catch(() => {
    throw missing();
  });
  if (!real.startsWith(root + path.sep)) throw new HttpError(404, `artifact "${name}" is outside the data dir`);
  const file = await open(real, 'r').catch(() => {
    throw missing();
  });
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new HttpError(404, `artifact "${name}" is not a file`);
    res.status(200).set({
      'content-type': MIME.test(artifact.contentType) ? artifact.contentType : 'application/octet-stream',
      'content-length': String(stat.size),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
      'cache-control': 'private, max-age=3600',
    });
    if (head) {
      res.end();
      return;
    }
    // A client that goes away mid-file ends the pipeline; the response is destroyed with it.
    await pipeline(file.createReadStream({ autoClose: false }), res).catch(() => undefined);
  } finally {
    await file.close();
  }
}
