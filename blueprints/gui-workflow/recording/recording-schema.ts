import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserFlow } from '@puppeteer/replay';
import { z } from 'zod';
import { parseRecording, readRecordingFile } from './parse-recording.ts';

/** `recording`: the Recorder's JSON export inline; validated (and kept parsed) at load time. */
export const recordingSchema = z
  .custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), {
    error: "expected the JSON object exported by Chrome DevTools' Recorder panel ({ title, steps: [...] })",
  })
  .transform((data, ctx): UserFlow => {
    try {
      return parseRecording(data);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: (err as Error).message, input: data });
      return z.NEVER;
    }
  });

export interface RecordingFileRef {
  /** As written in the canary. */
  path: string;
  /** Read at load time when the path is absolute (or a file: URL), so its content is part of the definition. */
  flow?: UserFlow;
}

/**
 * `recordingFile`: a path to an exported recording. An absolute path or a `file:` URL
 * (`new URL('./login.recording.json', import.meta.url)`) is read and validated at load time. A relative path is
 * resolved at run time against the canary file's directory (see resolveRecordingFile).
 */
export const recordingFileSchema = z
  .union([z.string().min(1, { error: 'recordingFile must not be empty' }), z.instanceof(URL)], {
    error: "expected a path (string) or a file: URL to a recording exported from Chrome DevTools' Recorder",
  })
  .transform((value, ctx): RecordingFileRef => {
    const abs = absolutePath(value);
    if (abs instanceof Error) {
      ctx.issues.push({ code: 'custom', message: abs.message, input: String(value) });
      return z.NEVER;
    }
    if (abs === undefined) return { path: String(value) };
    try {
      return { path: abs, flow: readRecordingFile(abs) };
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: (err as Error).message, input: abs });
      return z.NEVER;
    }
  });

function absolutePath(value: string | URL): string | undefined | Error {
  if (value instanceof URL || value.startsWith('file:')) {
    try {
      return fileURLToPath(value);
    } catch {
      return new Error(`recordingFile ${String(value)} is not a file: URL`);
    }
  }
  return path.isAbsolute(value) ? value : undefined;
}
