import type { FilterPatternAst, JsonSelector } from './ast.ts';
import { jsonMatcher } from './match-json.ts';
import type { MessageMatcher } from './match-result.ts';
import { spaceDelimitedMatcher } from './match-space-delimited.ts';
import { matchAllMatcher, regexTermMatcher, termsMatcher } from './match-terms.ts';

/**
 * Builds the matcher for a parsed pattern. `alsoExtract` (JSON patterns only) names selectors to extract on a
 * match although the pattern does not test them.
 */
export function compileMatcher(ast: FilterPatternAst, alsoExtract: readonly JsonSelector[] = []): MessageMatcher {
  switch (ast.type) {
    case 'matchAll':
      return matchAllMatcher();
    case 'terms':
      return termsMatcher(ast);
    case 'regex':
      return regexTermMatcher(ast);
    case 'json':
      return jsonMatcher(ast, alsoExtract);
    case 'spaceDelimited':
      return spaceDelimitedMatcher(ast);
  }
}
