/** What every provider call carries and may throw, shared by the ports. */

/** Why a provider changes something; recorded in its audit and passed to commands. */
export interface ProviderCause {
  alarm: string;
  transitionId: string;
  reason: string;
  /** The action (or, for a fault, the fault id) that asked for the change. */
  action: string;
}

/** One configuration problem; `path` is relative to the entry that was checked (`record`, `provider`). */
export interface ProviderIssue {
  path: string;
  message: string;
}

/**
 * Thrown by a provider. `retryable` says whether the same call may succeed later (a timeout, a dropped
 * connection) or never will (an unknown record, a refused credential, a human's change in the way).
 */
export class ProviderError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable;
  }
}
