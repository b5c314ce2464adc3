/**
 * PutLogEvents' rules, pure (no clock, no I/O): a batch is rejected as a whole (LogsError 400) when it breaks a
 * batch rule (1–10,000 events, ≤ 1 MiB counted as CloudWatch counts it, chronological order, a span ≤ 24 h, each
 * event a `{ timestamp, message }` with an integer millisecond timestamp and a 1 B–256 KiB message). Within a valid
 * batch, events too old (> 14 days), expired (older than the group's retention) or too new (> 2 h ahead) are
 * rejected one by one and reported, as CloudWatch reports them, by index in `rejectedLogEventsInfo`; the rest are
 * accepted.
 */
import { invalid, LogsError } from './logs-error.ts';
import { PUT_LOG_EVENTS_LIMITS as L } from './put-log-events-limits.ts';

export interface InputLogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

/** CloudWatch's RejectedLogEventsInfo: only the fields that apply are present. */
export interface RejectedLogEventsInfo {
  /** Events from this index on are more than 2 h in the future. */
  tooNewLogEventStartIndex?: number;
  /** Events up to this index (inclusive) are more than 14 days old. */
  tooOldLogEventEndIndex?: number;
  /** Events up to this index (inclusive) are older than the log group's retention. */
  expiredLogEventEndIndex?: number;
}

export interface CheckedBatch {
  /** The accepted events, in order. */
  accepted: InputLogEvent[];
  /** Index in the request of `accepted[0]` (accepted events are one contiguous run). */
  firstAcceptedIndex: number;
  rejected: number;
  rejectedLogEventsInfo?: RejectedLogEventsInfo;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the shape of `events` (the `events` / `logEvents` field of a request). @throws LogsError */
export function parseLogEvents(events: unknown): InputLogEvent[] {
  if (!Array.isArray(events))
    throw invalid('"events" must be an array of { timestamp, message } (epoch milliseconds and a string)');
  if (events.length === 0) throw invalid('"events" must hold at least one event');
  if (events.length > L.maxEvents)
    throw invalid(`a batch holds at most ${L.maxEvents} events, got ${events.length} (nothing was stored)`);
  let bytes = 0;
  const out: InputLogEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    if (!isObject(e)) throw invalid(`events[${i}] must be an object { timestamp, message }`);
    const timestamp = e.timestamp;
    const message = e.message;
    for (const k of Object.keys(e))
      if (k !== 'timestamp' && k !== 'message')
        throw invalid(`events[${i}]: unknown field ${JSON.stringify(k)} (expected timestamp and message)`);
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0)
      throw invalid(
        `events[${i}].timestamp must be epoch milliseconds (a non-negative integer), got ${JSON.stringify(timestamp)}`,
      );
    if (typeof message !== 'string' || message.length === 0)
      throw invalid(`events[${i}].message must be a non-empty string`);
    const size = Buffer.byteLength(message, 'utf8');
    if (size > L.maxMessageBytes)
      throw new LogsError(
        413,
        'RequestTooLarge',
        `events[${i}].message is ${size} bytes; a log event is at most ${L.maxMessageBytes} bytes (256 KiB) (nothing was stored)`,
      );
    bytes += size + L.eventOverheadBytes;
    out.push({ timestamp, message });
  }
  if (bytes > L.maxBatchBytes)
    throw new LogsError(
      413,
      'RequestTooLarge',
      `the batch is ${bytes} bytes (messages in UTF-8 plus ${L.eventOverheadBytes} per event); the limit is ${L.maxBatchBytes} (nothing was stored)`,
    );
  return out;
}

/**
 * Applies the batch rules and sorts the events into accepted and rejected ones.
 * @param retentionInDays the log group's retention (undefined: never expire)
 * @throws LogsError for a batch CloudWatch would refuse as a whole
 */
export function checkLogEventsBatch(
  events: readonly InputLogEvent[],
  now: number,
  retentionInDays: number | undefined,
): CheckedBatch {
  for (let i = 1; i < events.length; i++) {
    const prev = (events[i - 1] as InputLogEvent).timestamp;
    const cur = (events[i] as InputLogEvent).timestamp;
    if (cur < prev)
      throw invalid(
        `log events in one batch must be in chronological order: events[${i}].timestamp ${cur} is before events[${i - 1}].timestamp ${prev} (nothing was stored)`,
      );
  }
  const first = events[0]?.timestamp ?? 0;
  const last = events[events.length - 1]?.timestamp ?? 0;
  if (last - first > L.maxBatchSpanMs)
    throw invalid(
      `the events of one batch must span at most 24 hours; these span ${((last - first) / 3_600_000).toFixed(1)} h (nothing was stored)`,
    );
  const tooOldBefore = now - L.maxAgeMs;
  const expiredBefore = retentionInDays === undefined ? -Infinity : now - retentionInDays * 86_400_000;
  const tooNewAfter = now + L.maxFutureMs;
  let tooOldEnd = -1;
  let expiredEnd = -1;
  let tooNewStart = events.length;
  events.forEach((e, i) => {
    if (e.timestamp < tooOldBefore) tooOldEnd = i;
    if (e.timestamp < expiredBefore) expiredEnd = i;
    if (e.timestamp > tooNewAfter && tooNewStart === events.length) tooNewStart = i;
  });
  const firstAccepted = Math.max(tooOldEnd, expiredEnd) + 1;
  const accepted = events.slice(firstAccepted, Math.max(firstAccepted, tooNewStart));
  const info: RejectedLogEventsInfo = {
    ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    ...(tooOldEnd >= 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
    ...(expiredEnd >= 0 ? { expiredLogEventEndIndex: expiredEnd } : {}),
  };
  const rejected = events.length - accepted.length;
  return {
    accepted,
    firstAcceptedIndex: firstAccepted,
    rejected,
    ...(rejected > 0 ? { rejectedLogEventsInfo: info } : {}),
  };
}
