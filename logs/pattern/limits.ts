/**
 * Maximum filter pattern length in characters: the `filterPattern` length constraint of PutMetricFilter,
 * PutSubscriptionFilter and TestMetricFilter (CloudWatch Logs API Reference: "Minimum length of 0. Maximum length
 * of 1024.").
 */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

/**
 * Maximum regular expressions (`%…%`) in one JSON or space-delimited pattern ("Filter pattern syntax for metric
 * filters, subscription filters, filter log events, and Live Tail", Quotas: "There is a limit of 2 regex for each
 * filter pattern when creating a delimited or JSON filter pattern").
 */
export const FILTER_PATTERN_MAX_REGEX = 2;

/** TestMetricFilter accepts from 1 to 50 log event messages (API Reference, `logEventMessages`). */
export const TEST_METRIC_FILTER_MAX_EVENTS = 50;

/** A metric transformation can name at most three dimensions (CloudWatch Logs user guide, metric filters). */
export const METRIC_FILTER_MAX_DIMENSIONS = 3;

/**
 * Maximum nesting of parentheses in JSON and space-delimited conditions. Not a documented CloudWatch limit:
 * canarykit's own guard so a pattern of hundreds of `(` fails with a {@link PatternLimitError} instead of recursing
 * deeply.
 */
export const FILTER_PATTERN_MAX_DEPTH = 64;

/**
 * Largest count allowed in a regex repetition `{m}`, `{m,}` or `{m,n}`. Not documented by CloudWatch: canarykit's
 * guard, because counted repetitions are expanded into automaton states.
 */
export const REGEX_MAX_REPEAT = 1000;

/**
 * Maximum automaton states one regex compiles to (after expanding counted repetitions). canarykit's own guard: it
 * bounds both compile time and the per-character matching cost, which is linear in the message length times this.
 */
export const REGEX_MAX_STATES = 4096;

/**
 * Cached deterministic states per regex before the cache is flushed and rebuilt. canarykit's own guard on memory;
 * matching stays linear-time whether or not the cache is hit.
 */
export const REGEX_MAX_CACHED_STATES = 2048;
