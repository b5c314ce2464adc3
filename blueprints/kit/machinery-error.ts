/**
 * Thrown when the canary machinery (not the target) broke: the browser crashed or disconnected, the page we
 * drive was closed, the run was aborted by canarykit. The runner records such a run as ERROR, never FAILED.
 */
export class MachineryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MachineryError';
  }
}

/**
 * What our side of the wire says when the browser process or its connection is gone. Only these: a page that
 * navigates, reloads or detaches a frame under a call ("Execution context was destroyed", "Navigating frame was
 * detached", "Protocol error (…): Cannot find context…") is the site's doing, and the step fails (FAILED).
 */
const CONNECTION_GONE = [
  /Target closed/i,
  /Session closed/i,
  /Connection closed/i,
  /Browser (has )?disconnected/i,
  /browser has been closed/i,
];

/**
 * True when an error comes from our own machinery rather than from the site under test: our own MachineryError
 * (see also `BrowserSession.assertHealthy`, which checks the browser and page themselves), an abort, or the CDP
 * connection or target gone. Classified by who failed, not by how a page-side failure happens to be worded.
 */
export function isMachineryError(err: unknown): boolean {
  if (err instanceof MachineryError) return true;
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TargetCloseError') return true;
  return CONNECTION_GONE.some((re) => re.test(err.message));
}
