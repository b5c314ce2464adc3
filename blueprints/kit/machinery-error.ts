/**
 * Thrown when the canary machinery (not the target) broke: the browser crashed or disconnected, a CDP
 * session closed, the run was aborted by canarykit. The runner records such a run as ERROR, never FAILED.
 */
export class MachineryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MachineryError';
  }
}

const MACHINERY_PATTERNS = [
  /Target closed/i,
  /Session closed/i,
  /Connection closed/i,
  /Browser (has )?disconnected/i,
  /Protocol error/i,
  /Navigating frame was detached/i,
  /Execution context was destroyed/i,
  /browser has been closed/i,
];

/** True when an error comes from our own machinery rather than from the site under test. */
export function isMachineryError(err: unknown): boolean {
  if (err instanceof MachineryError) return true;
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TargetCloseError' || err.name === 'ProtocolError') return true;
  return MACHINERY_PATTERNS.some((re) => re.test(err.message));
}
