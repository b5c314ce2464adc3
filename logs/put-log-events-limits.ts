/** PutLogEvents' limits (CloudWatch Logs API Reference, PutLogEvents, and the CloudWatch Logs quotas). */
export const PUT_LOG_EVENTS_LIMITS = {
  /** Events per batch. */
  maxEvents: 10_000,
  /** Batch size: the sum of the messages' UTF-8 bytes plus {@link PUT_LOG_EVENTS_LIMITS.eventOverheadBytes} each. */
  maxBatchBytes: 1_048_576,
  /** What CloudWatch adds to each message when it counts a batch's size. */
  eventOverheadBytes: 26,
  /** One message's UTF-8 bytes. */
  maxMessageBytes: 262_144,
  /** The events of one batch may span at most this (first to last timestamp). */
  maxBatchSpanMs: 24 * 3_600_000,
  /** Older events are rejected (tooOldLogEventEndIndex). */
  maxAgeMs: 14 * 86_400_000,
  /** Events further in the future are rejected (tooNewLogEventStartIndex). */
  maxFutureMs: 2 * 3_600_000,
} as const;
