import { readFileSync } from 'node:fs';
import { parse, parseStep, type UserFlow } from '@puppeteer/replay';

/** Thrown when a recording is not a valid Chrome DevTools Recorder export. */
export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingError';
  }
}

/** Validates a Recorder export (the JSON of DevTools' Recorder panel, "Export as JSON"). */
export function parseRecording(data: unknown): UserFlow {
  let flow: UserFlow;
  const steps = data !== null && typeof data === 'object' ? (data as { steps?: unknown }).steps : undefined;
  if (Array.isArray(steps)) {
    // Check each step first, so an error names its place (`steps[3]`).
    steps.forEach((step: unknown, i) => {
      try {
        parseStep(step);
      } catch (err) {
        throw new RecordingError(`not a Chrome DevTools Recorder recording: steps[${i}]: ${(err as Error).message}`);
      }
    });
  }
  try {
    flow = parse(data);
  } catch (err) {
    throw new RecordingError(`not a Chrome DevTools Recorder recording: ${(err as Error).message}`);
  }
  if (flow.steps.length === 0) throw new RecordingError('the recording has no steps');
  return flow;
}

/** Reads and validates a recording file. */
export function readRecordingFile(absPath: string): UserFlow {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RecordingError(
      code === 'ENOENT'
        ? `recording file not found: ${absPath}`
        : `cannot read recording file ${absPath}: ${(err as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RecordingError(`recording file ${absPath} is not JSON: ${(err as Error).message}`);
  }
  return parseRecording(data);
}
