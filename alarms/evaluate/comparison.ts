import type { ComparisonOperator } from '../../core/types.ts';

/** Every comparison operator a metric alarm can use, in CloudWatch's order. */
export const COMPARISON_OPERATORS = [
  'GreaterThanThreshold',
  'GreaterThanOrEqualToThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const satisfies readonly ComparisonOperator[];

const PHRASES = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
} as const satisfies Record<ComparisonOperator, string>;

/** The English phrase CloudWatch uses for an operator in state reasons, e.g. `'greater than or equal to'`. */
export type ComparisonPhrase<Op extends ComparisonOperator = ComparisonOperator> = (typeof PHRASES)[Op];

/**
 * The phrase for `op` as it appears in reasons such as
 * "… were greater than the threshold (100)". The return type narrows with the
 * argument: `comparisonPhrase('LessThanThreshold')` is typed `'less than'`.
 */
export function comparisonPhrase<Op extends ComparisonOperator>(op: Op): ComparisonPhrase<Op> {
  const phrase: ComparisonPhrase<Op> | undefined = PHRASES[op];
  if (phrase === undefined) throw new TypeError(`Unknown comparison operator: ${String(op)}`);
  return phrase;
}

/** Whether `value` breaches `threshold` under `op` (the statistic is the left operand, as in CloudWatch). */
export function isBreaching(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default: {
      const never: never = op;
      throw new TypeError(`Unknown comparison operator: ${String(never)}`);
    }
  }
}
