/**
 * CloudWatch Logs' rules for log group and stream names and for retention (CreateLogGroup, CreateLogStream,
 * PutRetentionPolicy in the CloudWatch Logs API Reference).
 */

/** `logGroupName`: 1–512 characters of `[\.\-_/#A-Za-z0-9]+`. */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** `logStreamName`: 1–512 characters, no `:` and no `*`. */
export const LOG_STREAM_NAME_MAX = 512;

/** PutRetentionPolicy's allowed `retentionInDays` (absent: never expire). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type RetentionInDays = (typeof RETENTION_DAYS)[number];

/** Why `name` is not a valid log group name, or undefined when it is. */
export function logGroupNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `a log group name must be a string, got ${typeof name}`;
  if (name.length === 0 || name.length > 512) return `a log group name must be 1 to 512 characters, got ${name.length}`;
  if (!LOG_GROUP_NAME.test(name)) {
    const bad = [...name].find((c) => !/[.\-_/#A-Za-z0-9]/.test(c)) ?? '';
    return `a log group name may hold only letters, digits and . - _ / #, got ${JSON.stringify(bad)} in ${JSON.stringify(name.slice(0, 80))}`;
  }
  return undefined;
}

/** Why `name` is not a valid log stream name, or undefined when it is. */
export function logStreamNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `a log stream name must be a string, got ${typeof name}`;
  if (name.length === 0 || name.length > LOG_STREAM_NAME_MAX)
    return `a log stream name must be 1 to ${LOG_STREAM_NAME_MAX} characters, got ${name.length}`;
  if (/[:*]/.test(name))
    return `a log stream name must not contain ':' or '*', got ${JSON.stringify(name.slice(0, 80))}`;
  // Control characters would make keys and CLI output unreadable; CloudWatch rejects them too.
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a log stream name must not contain control characters';
  return undefined;
}

/** Why `days` is not an allowed retention, or undefined when it is (null/undefined: never expire). */
export function retentionProblem(days: unknown): string | undefined {
  if (days === undefined || days === null) return undefined;
  if (typeof days === 'number' && (RETENTION_DAYS as readonly number[]).includes(days)) return undefined;
  return `retentionInDays must be one of ${RETENTION_DAYS.join(', ')} (or absent to keep events forever), got ${JSON.stringify(days)}`;
}
