import type { FilterPatternAst } from './ast.ts';
import { FILTER_PATTERN_MAX_LENGTH } from './limits.ts';
import { parseJsonPattern } from './parse-json-pattern.ts';
import { parseSpaceDelimited } from './parse-space-delimited.ts';
import { parseTerms } from './parse-terms.ts';
import { PatternLimitError } from './pattern-syntax-error.ts';

/**
 * Parses a CloudWatch Logs filter pattern into its AST. The first non-blank character decides the syntax: `{` a
 * JSON pattern, `[` a space-delimited pattern, anything else terms (or a standalone `%regex%`); a blank pattern
 * matches everything.
 *
 * @throws PatternSyntaxError (1-based `.position`, `.expected`, `.found`) for a pattern CloudWatch would reject, and
 *   its subclass PatternLimitError over a limit (1024 characters, 2 regular expressions in a JSON or
 *   space-delimited pattern, canarykit's nesting and regex-size guards). Nothing else is thrown for a string.
 */
export function parsePatternAst(text: string): FilterPatternAst {
  if (typeof text !== 'string') throw new TypeError(`a filter pattern must be a string, got ${typeof text}`);
  if (text.length > FILTER_PATTERN_MAX_LENGTH) {
    throw new PatternLimitError(
      'length',
      FILTER_PATTERN_MAX_LENGTH + 1,
      '',
      `the filter pattern is ${text.length} characters long; the maximum is ${FILTER_PATTERN_MAX_LENGTH}`,
    );
  }
  let start = 0;
  while (start < text.length && ' \t\n\r'.includes(text.charAt(start))) start++;
  const first = text.charAt(start);
  if (first === '') return { type: 'matchAll' };
  if (first === '{') return parseJsonPattern(text);
  if (first === '[') return parseSpaceDelimited(text);
  return parseTerms(text);
}
