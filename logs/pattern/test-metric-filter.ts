/**
 * A local TestMetricFilter ("TestMetricFilter", Amazon CloudWatch Logs API Reference): "Tests the filter pattern of
 * a metric filter against a sample of log event messages."
 *
 * What the documentation shows, and what canarykit does:
 *
 * - Request limits: `filterPattern` 0–1024 characters; `logEventMessages` 1–50 items, each at least 1 character.
 *   Violations throw (a RangeError here, InvalidParameterException from the service), a bad pattern throws
 *   PatternSyntaxError.
 * - `matches` lists only the matching messages, in request order.
 * - `eventNumber`: canarykit numbers messages from **1** (the first message is event 1), as our Logs issue
 *   specifies for the service. Beware that the API Reference's sample response ("To test a metric filter pattern on
 *   Apache access.log events") numbers its three events 0, 1 and 2; that sample is hand-written (it also shows
 *   `"$size": "1534,"` for the field `1534`), and canarykit could not check the live service from here.
 * - `extractedValues`, from the same sample and from "Filter and Pattern Syntax" (CloudWatch Logs user guide): for
 *   a space-delimited pattern every message field, keyed `$name` for a field the pattern names (`$status_code`,
 *   `$request`) and `$N` for the others (`$1`…`$4` for fields taken by `...`, `$7` for an unnamed last field), the
 *   value without its `"…"` or `[…]` delimiters. For a JSON pattern, each selector in the pattern that resolves to
 *   a string, number or boolean, keyed as written (`$.status`). The user guide says the map is empty for patterns
 *   that are not space-delimited; canarykit reports the JSON selectors anyway (as our issue asks), so that metric
 *   values and dimensions can be read from them. For terms and regular expressions it is empty.
 */
import { TEST_METRIC_FILTER_MAX_EVENTS } from './limits.ts';
import { parseFilterPattern } from './parse-filter-pattern.ts';

export interface MetricFilterMatchRecord {
  /** 1-based position of the message in `logEventMessages`. */
  readonly eventNumber: number;
  readonly eventMessage: string;
  readonly extractedValues: Readonly<Record<string, string>>;
}

export interface TestMetricFilterResult {
  readonly matches: readonly MetricFilterMatchRecord[];
}

/**
 * Tests a filter pattern against sample log event messages, as TestMetricFilter does.
 *
 * ```ts
 * testMetricFilter('[ip, user, username, timestamp, request, status_code, bytes]', [
 *   '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
 * ]);
 * // { matches: [{ eventNumber: 1, eventMessage: '127.0.0.1 - …', extractedValues: { $ip: '127.0.0.1', …, $bytes: '1534' } }] }
 * ```
 * @throws PatternSyntaxError for a bad pattern; RangeError for 0 or more than 50 messages or an empty message.
 */
export function testMetricFilter(filterPattern: string, logEventMessages: readonly string[]): TestMetricFilterResult {
  if (!Array.isArray(logEventMessages)) throw new TypeError('logEventMessages must be an array of strings');
  if (logEventMessages.length < 1 || logEventMessages.length > TEST_METRIC_FILTER_MAX_EVENTS) {
    throw new RangeError(
      `logEventMessages must have from 1 to ${TEST_METRIC_FILTER_MAX_EVENTS} messages, got ${logEventMessages.length}`,
    );
  }
  logEventMessages.forEach((message, i) => {
    if (typeof message !== 'string' || message.length < 1) {
      throw new RangeError(`logEventMessages[${i}] must be a string of at least 1 character`);
    }
  });
  const pattern = parseFilterPattern(filterPattern);
  const matches: MetricFilterMatchRecord[] = [];
  logEventMessages.forEach((eventMessage, i) => {
    const result = pattern.match(eventMessage);
    if (result.matched)
      matches.push({ eventNumber: i + 1, eventMessage, extractedValues: { ...result.extractedValues } });
  });
  return { matches };
}
