/**
 * Matching JSON patterns. A message is parsed (JSON.parse, once) only when its first non-blank character is `{`;
 * messages that are not a JSON object never match. Semantics, from "Matching Terms in JSON Log Events" (CloudWatch
 * Logs user guide) where it says, and canarykit's reading where it does not:
 *
 * - A selector that does not resolve (a missing property, an index past the end, an index into a non-array, a
 *   property of a non-object) makes every comparison false; only `NOT EXISTS` is true for it.
 * - "The SELECTOR must point to a value node (string or number) in the JSON. If it points to an array or object, the
 *   filter will not be applied": both `=` and `!=` are false for arrays and objects. Booleans compare as the text
 *   `true` / `false`; `null` is only `IS NULL`.
 * - Comparisons follow compare-value.ts: a number on the right compares numerically with JSON numbers and with
 *   strings that are written as numbers (`{ $.recipientAccountId = 123456789012 }` matches the string
 *   "123456789012"); a string on the right compares with the value's text (`{ $.latency = * }` holds for any string,
 *   number or boolean latency).
 * - JSON numbers are read with JSON.parse, so their text is JavaScript's (`1.50` compares and extracts as `1.5`, and
 *   integers beyond 2^53 lose precision).
 */
import type { JsonCondition, JsonPattern, JsonSelector } from './ast.ts';
import { compareText, numericValue, type CompiledValue } from './compare-value.ts';
import { compileValue } from './compile-value.ts';
import { NO_MATCH, type MessageMatcher, type PatternMatch } from './match-result.ts';

const MISSING: unique symbol = Symbol('missing');
type Resolved = unknown;

type Evaluator = (matcher: JsonMatcherState) => boolean;

/** The resolved value each test holds for: `IS NULL` null, `IS TRUE` true, `IS FALSE` false, `NOT EXISTS` none. */
const TEST_VALUES: Readonly<Record<'isNull' | 'isTrue' | 'isFalse' | 'notExists', unknown>> = {
  isNull: null,
  isTrue: true,
  isFalse: false,
  notExists: MISSING,
};

function resolvePath(root: unknown, segments: readonly (string | number)[]): Resolved {
  let current: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return MISSING;
      current = current[segment] as unknown;
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return MISSING;
      if (!Object.hasOwn(current, segment as string)) return MISSING;
      current = (current as Record<string, unknown>)[segment as string];
    }
  }
  return current;
}

/** The text of a value node, or undefined for null, arrays, objects and missing values. */
function valueText(value: Resolved): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Per-matcher scratch state: the parsed event and the selectors resolved so far (reused across messages). */
class JsonMatcherState {
  root: unknown = undefined;
  generation = 0;
  readonly resolvedAt: Int32Array;
  readonly resolved: Resolved[];

  constructor(private readonly selectors: readonly JsonSelector[]) {
    this.resolvedAt = new Int32Array(selectors.length);
    this.resolved = new Array<Resolved>(selectors.length).fill(MISSING);
  }

  value(index: number): Resolved {
    if (this.resolvedAt[index] !== this.generation) {
      this.resolvedAt[index] = this.generation;
      this.resolved[index] = resolvePath(this.root, this.selectors[index]?.segments ?? []);
    }
    return this.resolved[index];
  }
}

function compileCondition(condition: JsonCondition, indexOf: (selector: JsonSelector) => number): Evaluator {
  switch (condition.type) {
    case 'and': {
      const operands = condition.operands.map((operand) => compileCondition(operand, indexOf));
      return (state) => operands.every((operand) => operand(state));
    }
    case 'or': {
      const operands = condition.operands.map((operand) => compileCondition(operand, indexOf));
      return (state) => operands.some((operand) => operand(state));
    }
    case 'test': {
      const index = indexOf(condition.selector);
      const expected = TEST_VALUES[condition.test];
      return (state) => state.value(index) === expected;
    }
    case 'compare': {
      const index = indexOf(condition.selector);
      const operator = condition.operator;
      const value: CompiledValue = compileValue(condition.value);
      const numeric = value.kind === 'number';
      return (state) => {
        const resolved = state.value(index);
        if (typeof resolved === 'number')
          return compareText(operator, value, numeric ? '' : String(resolved), resolved);
        const text = valueText(resolved);
        if (text === undefined) return false;
        return compareText(operator, value, text, numeric && typeof resolved === 'string' ? numericValue(text) : NaN);
      };
    }
  }
}

function looksLikeObject(message: string): boolean {
  for (let i = 0; i < message.length; i++) {
    const ch = message.charCodeAt(i);
    if (ch === 123) return true; // {
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return false;
  }
  return false;
}

/**
 * Compiles a JSON pattern. `alsoExtract` adds selectors whose values are extracted on a match without being part
 * of the condition (used for metric values and dimensions that the pattern does not mention).
 */
export function jsonMatcher(pattern: JsonPattern, alsoExtract: readonly JsonSelector[] = []): MessageMatcher {
  const selectors: JsonSelector[] = [...pattern.selectors];
  const byText = new Map<string, number>(selectors.map((selector, i) => [selector.text, i]));
  for (const extra of alsoExtract) {
    if (!byText.has(extra.text)) {
      byText.set(extra.text, selectors.length);
      selectors.push(extra);
    }
  }
  const indexOf = (selector: JsonSelector): number => byText.get(selector.text) ?? 0;
  const evaluate = compileCondition(pattern.condition, indexOf);
  const state = new JsonMatcherState(selectors);

  const load = (message: string): boolean => {
    if (typeof message !== 'string' || !looksLikeObject(message)) return false;
    let root: unknown;
    try {
      root = JSON.parse(message);
    } catch {
      return false;
    }
    if (typeof root !== 'object' || root === null || Array.isArray(root)) return false;
    state.root = root;
    state.generation = state.generation === 0x7fffffff ? 1 : state.generation + 1;
    if (state.generation === 1) state.resolvedAt.fill(0);
    return true;
  };

  const test = (message: string): boolean => load(message) && evaluate(state);

  return {
    test,
    match(message: string): PatternMatch {
      if (!test(message)) return NO_MATCH;
      const extractedValues: Record<string, string> = {};
      for (let i = 0; i < selectors.length; i++) {
        const text = valueText(state.value(i));
        if (text !== undefined) extractedValues[(selectors[i] as JsonSelector).text] = text;
      }
      state.root = undefined;
      return { matched: true, extractedValues };
    },
  };
}
