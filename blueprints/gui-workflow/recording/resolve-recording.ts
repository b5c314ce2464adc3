import path from 'node:path';
import type { UserFlow } from '@puppeteer/replay';
import type { BlueprintContext } from '../../../core/blueprint.ts';
import { readRecordingFile } from './parse-recording.ts';
import type { RecordingFileRef } from './recording-schema.ts';

/**
 * The flow of a `recordingFile`. Absolute paths were read at load time. A relative path is resolved against
 * the directory of the canary file when the runner tells it (`ctx.canaryFile`, absolute), else against the
 * working directory.
 */
export function resolveRecordingFile(ref: RecordingFileRef, ctx: BlueprintContext): UserFlow {
  if (ref.flow) return ref.flow;
  const canaryFile = ctx.canaryFile;
  const base = typeof canaryFile === 'string' && path.isAbsolute(canaryFile) ? path.dirname(canaryFile) : process.cwd();
  return readRecordingFile(path.resolve(base, ref.path));
}
