/**
 * Comparing a value from the event (a JSON string, number or boolean, or a space-delimited field) with the value
 * in a condition. Shared by the JSON and the space-delimited matchers.
 *
 * - `=` / `!=` with a string: the text equals it, where a leading `*` allows any text before and a trailing `*` any
 *   text after (`4*`, `*html*`, `*`); `!=` is the negation.
 * - `=` / `!=` with a number: the text is a number (integer, decimal, optionally signed, optionally in scientific
 *   notation) of equal value, so `200.0 = 200`; `!=` is the negation.
 * - `<`, `<=`, `>`, `>=` (always with a number): the text is a number and compares so; never true otherwise.
 * - `=` / `!=` with a regular expression: it matches somewhere in the text; `!=` is the negation.
 */
import type { ComparisonOperator, StringValue } from './ast.ts';
import type { RegexMatcher } from './match-regex.ts';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The numeric value of `text` when it is written as a number, else NaN. */
export function numericValue(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** True when `text` is a number in the syntax above. */
export function isNumberText(text: string): boolean {
  return NUMBER.test(text);
}

/** A condition value compiled for matching. */
export type CompiledValue =
  | { readonly kind: 'string'; readonly value: StringValue }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'regex'; readonly matcher: RegexMatcher };

export function wildcardMatches(value: StringValue, text: string): boolean {
  const { core, wildcardStart, wildcardEnd } = value;
  if (wildcardStart && wildcardEnd) return text.includes(core);
  if (wildcardStart) return text.endsWith(core);
  if (wildcardEnd) return text.startsWith(core);
  return text === core;
}

function numberCompare(operator: ComparisonOperator, left: number, right: number): boolean {
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/**
 * Compares the event's `text` with `value`. `numeric` is the text's numeric value (NaN when not a number); callers
 * that know it (a JSON number) pass it, others pass `numericValue(text)`.
 */
export function compareText(
  operator: ComparisonOperator,
  value: CompiledValue,
  text: string,
  numeric: number,
): boolean {
  switch (value.kind) {
    case 'string': {
      const equal = wildcardMatches(value.value, text);
      return operator === '=' ? equal : operator === '!=' ? !equal : false;
    }
    case 'regex': {
      const found = value.matcher.search(text);
      return operator === '=' ? found : operator === '!=' ? !found : false;
    }
    case 'number':
      if (Number.isNaN(numeric)) return operator === '!=';
      return numberCompare(operator, numeric, value.value);
  }
}
