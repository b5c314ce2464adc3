import { describeJson } from './time-input.ts';

/** CloudWatch's PutMetricData limits (API reference: PutMetricData, MetricDatum, Dimension, StatisticSet). */
export const METRIC_LIMITS = {
  maxDatapoints: 1000,
  /** 1 MB per HTTP POST request. */
  maxRequestBytes: 1_048_576,
  maxDimensions: 30,
  /** Distinct values in one `Values` array. */
  maxValues: 150,
  /** Namespace, metric name and dimension name. */
  maxNameLength: 255,
  maxDimensionValueLength: 1024,
  /** Timestamps may be up to two weeks in the past… */
  maxPastMs: 14 * 86_400_000,
  /** …and up to two hours in the future. */
  maxFutureMs: 2 * 3_600_000,
  /** Values must lie in [-2^360, 2^360]; non-zero magnitudes below 2^-360 are rejected as too small. */
  maxMagnitude: 2 ** 360,
  minMagnitude: 2 ** -360,
} as const;

export interface NameRule {
  max: number;
  /** Namespaces and dimension names must not start with ":". */
  noLeadingColon?: boolean;
  /** Namespaces must not start with "AWS/" (reserved for AWS services). */
  noAwsPrefix?: boolean;
}

export const NAMESPACE_RULE: NameRule = { max: METRIC_LIMITS.maxNameLength, noLeadingColon: true, noAwsPrefix: true };
export const METRIC_NAME_RULE: NameRule = { max: METRIC_LIMITS.maxNameLength };
export const DIMENSION_NAME_RULE: NameRule = { max: METRIC_LIMITS.maxNameLength, noLeadingColon: true };
export const DIMENSION_VALUE_RULE: NameRule = { max: METRIC_LIMITS.maxDimensionValueLength };

/**
 * CloudWatch's rule for names and dimension values: printable ASCII only (no control characters), at least one
 * non-whitespace character, within the length limit. Returns the problem, or undefined when `s` is fine.
 */
export function nameProblem(s: unknown, rule: NameRule): string | undefined {
  if (typeof s !== 'string') return `must be a string, got ${describeJson(s)}`;
  if (s.length === 0 || s.length > rule.max) return `must be 1-${rule.max} characters long, got ${s.length}`;
  const bad = /[^\x20-\x7e]/.exec(s);
  if (bad) {
    const code = bad[0].codePointAt(0) ?? 0;
    return `must contain only printable ASCII characters; found U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index}`;
  }
  if (!/\S/.test(s)) return 'must contain at least one non-whitespace character';
  if (rule.noLeadingColon && s.startsWith(':')) return 'must not start with ":"';
  if (rule.noAwsPrefix && s.startsWith('AWS/')) return 'must not start with "AWS/" (reserved for AWS services)';
  return undefined;
}

/** CloudWatch's rule for a datapoint value: a finite number within [-2^360, 2^360], not a tiny non-zero. */
export function valueProblem(v: unknown): string | undefined {
  if (typeof v !== 'number') return `must be a number, got ${describeJson(v)}`;
  if (Number.isNaN(v)) return 'must not be NaN';
  if (!Number.isFinite(v)) return `must be finite, got ${v > 0 ? '' : '-'}Infinity`;
  const a = Math.abs(v);
  if (a > METRIC_LIMITS.maxMagnitude)
    return `is too large: magnitudes up to 2^360 (about 2.35e108) are accepted, got ${v}`;
  if (a !== 0 && a < METRIC_LIMITS.minMagnitude)
    return `is too small: non-zero magnitudes must be at least 2^-360 (about 4.27e-109), got ${v}`;
  return undefined;
}
