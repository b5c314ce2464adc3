/**
 * Turning a matched event into a metric datapoint: the `metricValue` and `dimensions` of a metric transformation
 * (PutMetricFilter's MetricTransformation). `metricValue` is a number ("1", "0.5") or a reference to a field the
 * pattern extracts (`$.latency` in a JSON pattern, `$bytes` or `$7` in a space-delimited one); each of the at most
 * three `dimensions` maps a dimension name to such a reference. When a referenced value is missing or the metric
 * value is not a number, CloudWatch publishes nothing for the event: the result says why instead of a datapoint.
 */
import { isNumberText } from './compare-value.ts';
import { METRIC_FILTER_MAX_DIMENSIONS } from './limits.ts';
import type { PatternMatch } from './match-result.ts';

/** Longest dimension value CloudWatch accepts (PutMetricData, Dimension.Value: 1–1024 characters). */
const DIMENSION_VALUE_MAX_LENGTH = 1024;

/** A metric transformation that cannot work for any event: a bad metricValue, too many dimensions, … */
export class MetricTransformationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricTransformationError';
  }
}

export type MetricValueSkipReason =
  'notMatched' | 'valueMissing' | 'valueNotNumeric' | 'dimensionMissing' | 'dimensionValueInvalid';

export type MetricValueResolution =
  | { readonly ok: true; readonly value: number; readonly dimensions: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly reason: MetricValueSkipReason; readonly detail: string };

/** True for `$…` field references (as opposed to numeric metric values). */
export function isFieldReference(text: string): boolean {
  return text.startsWith('$') && text.length > 1;
}

/**
 * Checks the shape of a transformation, whatever the events: `metricValue` a number or a field reference, at most
 * three dimensions, each a field reference under a non-empty name.
 * @throws MetricTransformationError
 */
export function checkMetricTransformation(
  metricValue: string,
  dimensions: Readonly<Record<string, string>> = {},
): void {
  if (typeof metricValue !== 'string' || !(isNumberText(metricValue) || isFieldReference(metricValue))) {
    throw new MetricTransformationError(
      `metricValue must be a number such as "1" or a field reference such as "$.latency" or "$bytes", got ${JSON.stringify(metricValue)}`,
    );
  }
  const entries = Object.entries(dimensions);
  if (entries.length > METRIC_FILTER_MAX_DIMENSIONS) {
    throw new MetricTransformationError(
      `a metric filter can have at most ${METRIC_FILTER_MAX_DIMENSIONS} dimensions, got ${entries.length}`,
    );
  }
  for (const [name, reference] of entries) {
    if (name.length === 0) throw new MetricTransformationError('dimension names must not be empty');
    if (typeof reference !== 'string' || !isFieldReference(reference)) {
      throw new MetricTransformationError(
        `dimension ${name} must be a field reference such as "$.path" or "$status_code", got ${JSON.stringify(reference)}`,
      );
    }
  }
}

/**
 * The datapoint a matched event yields, or why it yields none. Field references are looked up in the event's
 * extracted values by their exact key (`$.latency`, `$bytes`, `$3`). A field-based metric value must be written as
 * a number (integer, decimal or scientific notation, optionally signed); dimension values must be 1–1024
 * characters. Pure: no clock, no I/O.
 *
 * @throws MetricTransformationError when the transformation itself is malformed (see checkMetricTransformation).
 */
export function resolveMetricValue(
  event: PatternMatch,
  metricValue: string,
  dimensions: Readonly<Record<string, string>> = {},
): MetricValueResolution {
  checkMetricTransformation(metricValue, dimensions);
  if (!event.matched) return { ok: false, reason: 'notMatched', detail: 'the event does not match the filter pattern' };
  const values = event.extractedValues;
  let value: number;
  if (isFieldReference(metricValue)) {
    const raw = Object.hasOwn(values, metricValue) ? values[metricValue] : undefined;
    if (raw === undefined) {
      return { ok: false, reason: 'valueMissing', detail: `the event has no value for ${metricValue}` };
    }
    if (!isNumberText(raw.trim())) {
      return { ok: false, reason: 'valueNotNumeric', detail: `${metricValue} is ${JSON.stringify(raw)}, not a number` };
    }
    value = Number(raw.trim());
  } else {
    value = Number(metricValue);
  }
  if (!Number.isFinite(value)) {
    return { ok: false, reason: 'valueNotNumeric', detail: `${metricValue} is not a finite number` };
  }
  const resolved: Record<string, string> = {};
  for (const [name, reference] of Object.entries(dimensions)) {
    const raw = Object.hasOwn(values, reference) ? values[reference] : undefined;
    if (raw === undefined) {
      return {
        ok: false,
        reason: 'dimensionMissing',
        detail: `the event has no value for dimension ${name} (${reference})`,
      };
    }
    if (raw.length < 1 || raw.length > DIMENSION_VALUE_MAX_LENGTH) {
      return {
        ok: false,
        reason: 'dimensionValueInvalid',
        detail: `dimension ${name} (${reference}) must be 1 to ${DIMENSION_VALUE_MAX_LENGTH} characters, got ${raw.length}`,
      };
    }
    resolved[name] = raw;
  }
  return { ok: true, value, dimensions: resolved };
}
