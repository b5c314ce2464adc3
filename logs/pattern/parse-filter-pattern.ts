import type { FilterPatternAst, FilterPatternKind } from './ast.ts';
import { compileMatcher } from './compile-matcher.ts';
import type { PatternMatch } from './match-result.ts';
import { parsePatternAst } from './parse-pattern.ts';

/** A filter pattern compiled once, to match many log event messages. */
export interface FilterPattern {
  /** The pattern as given. */
  readonly text: string;
  readonly kind: FilterPatternKind;
  readonly ast: FilterPatternAst;
  /** Whether `message` matches, with the values TestMetricFilter would extract. Never throws. */
  match(message: string): PatternMatch;
  /** Whether `message` matches, without extracting anything (the cheapest check). Never throws. */
  test(message: string): boolean;
}

/**
 * Parses and compiles a CloudWatch Logs filter pattern (metric filters, subscription filters, FilterLogEvents).
 *
 * ```ts
 * const pattern = parseFilterPattern('{ $.status = 500 && $.latency > 1000 }');
 * pattern.match('{"status": 500, "latency": 1200}');
 * // { matched: true, extractedValues: { '$.status': '500', '$.latency': '1200' } }
 * ```
 *
 * @throws PatternSyntaxError (1-based `.position`) for a pattern CloudWatch would reject; PatternLimitError (a
 *   subclass) over a limit. Nothing else for a string argument.
 */
export function parseFilterPattern(text: string): FilterPattern {
  const ast = parsePatternAst(text);
  const matcher = compileMatcher(ast);
  return {
    text,
    kind: ast.type,
    ast,
    match: (message) => matcher.match(message),
    test: (message) => matcher.test(message),
  };
}
