import { open, realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { Artifact, RunRecord } from '../core/types.ts';
import { HttpError } from './http-error.ts';

const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(?:\s*;\s*[a-z0-9-]+=[^;,\s]+)*$/i;

/** The host part of a run record's `worker` (`host:pid`). */
export function workerHost(worker: string): string {
  const colon = worker.lastIndexOf(':');
  return colon > 0 ? worker.slice(0, colon) : worker;
}

/**
 * Why an artifact's file is not here: artifacts are written to the local disk of the worker that ran the canary, so
 * on another host the answer names that host; on the same host the file was removed.
 */
export function missingArtifactMessage(run: Pick<RunRecord, 'id' | 'worker'>, artifact: Artifact): string {
  const name = path.posix.basename(artifact.path);
  const host = workerHost(run.worker);
  if (host && host !== hostname())
    return `artifact ${name} of run ${run.id} is on host ${host} (the worker that ran it); artifacts are kept on the worker's local disk`;
  return `artifact ${name} of run ${run.id} is missing on this host (${hostname()}, the worker that ran it): ${artifact.path} was removed`;
}

/**
 * Streams a run artifact from the data dir with its recorded content type, `nosniff`, and a sandboxing CSP (an
 * artifact is the checked site's content, served from the API's origin). Only regular files whose real path
 * (symlinks resolved) lies inside the data dir are served; anything else is a 404. Unlike `res.sendFile`, a data dir
 * with a dot segment (the default `.canary`) is fine. A file that is not here answers a 404 naming the host that holds
 * it (see `missingArtifactMessage`).
 */
export async function sendArtifact(
  res: Response,
  dataDir: string,
  run: Pick<RunRecord, 'id' | 'worker'>,
  artifact: Artifact,
  head: boolean,
): Promise<void> {
  const name = path.posix.basename(artifact.path);
  const missing = () => new HttpError(404, missingArtifactMessage(run, artifact));
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
