/** Epoch numbers at or above this are milliseconds (1e11 seconds is the year 5138); below it, seconds. */
export const EPOCH_MS_THRESHOLD = 1e11;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
/** The largest time a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

export type TimeInputResult = { ms: number } | { error: string };

/**
 * Reads a point in time: an ISO 8601 string (`2026-11-27T10:00:00Z`, an offset instead of `Z`, or a bare date,
 * which is UTC midnight), epoch seconds as CloudWatch's JSON sends them (fractions allowed), or epoch
 * milliseconds (any number ≥ 1e11). `Date` objects are accepted for library callers; numeric strings only
 * when `numericStrings` is set (query parameters and CLI options).
 */
export function parseTimeInput(input: unknown, opts: { numericStrings?: boolean } = {}): TimeInputResult {
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isFinite(ms) ? { ms } : { error: 'is an invalid Date' };
  }
  if (typeof input === 'string' && opts.numericStrings && NUMERIC.test(input.trim()))
    return parseTimeInput(Number(input.trim()));
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0)
      return { error: `must be a non-negative epoch time, got ${String(input)}` };
    const ms = input >= EPOCH_MS_THRESHOLD ? input : input * 1000;
    return ms <= MAX_DATE_MS ? { ms } : { error: `is beyond the year 275760, got ${input}` };
  }
  if (typeof input !== 'string')
    return { error: `must be an ISO 8601 time string or epoch seconds, got ${describeJson(input)}` };
  const s = input.trim();
  if (!DATE_ONLY.test(s) && !DATE_TIME.test(s)) {
    const hint = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(s) ? ' (add "Z" or an offset such as +02:00)' : '';
    return {
      error: `must be an ISO 8601 time like 2026-11-27T10:00:00Z or epoch seconds, got ${JSON.stringify(clip(input))}${hint}`,
    };
  }
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) return { error: `is not a valid date: ${JSON.stringify(clip(input))}` };
  return { ms };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A short JSON rendering of any value for error messages. */
export function describeJson(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'bigint') return `${v}n`;
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return typeof v;
    return clip(s);
  } catch {
    return typeof v;
  }
}
