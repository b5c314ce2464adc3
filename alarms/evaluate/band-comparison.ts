import { formatDatapointValue } from './format-value.ts';

/** CloudWatch's comparison operators for anomaly-detection bands, in CloudWatch's order. */
export const BAND_COMPARISON_OPERATORS = [
  'LessThanLowerOrGreaterThanUpperThreshold',
  'GreaterThanUpperThreshold',
  'LessThanLowerThreshold',
] as const;

/** A comparison against a per-datapoint band (`lower`, `upper`) instead of one static threshold. */
export type BandComparisonOperator = (typeof BAND_COMPARISON_OPERATORS)[number];

/** Whether `op` (any string, e.g. from a config) is a band operator. */
export function isBandOperator(op: string): op is BandComparisonOperator {
  return (BAND_COMPARISON_OPERATORS as readonly string[]).includes(op);
}

/** Whether `value` breaches the band under `op`. Values on the band's edges do not breach, as in CloudWatch. */
export function isBandBreaching(op: BandComparisonOperator, value: number, lower: number, upper: number): boolean {
  switch (op) {
    case 'LessThanLowerOrGreaterThanUpperThreshold':
      return value < lower || value > upper;
    case 'GreaterThanUpperThreshold':
      return value > upper;
    case 'LessThanLowerThreshold':
      return value < lower;
    default: {
      const never: never = op;
      throw new TypeError(`Unknown band comparison operator: ${String(never)}`);
    }
  }
}

/**
 * Formats a band threshold for a state reason: 6 significant digits, so a model's
 * `180.29384756…` reads `180.294` (a datapoint's own value is printed in full).
 */
export function formatBandThreshold(value: number): string {
  return Number.isFinite(value) ? formatDatapointValue(Number(value.toPrecision(6))) : String(value);
}
