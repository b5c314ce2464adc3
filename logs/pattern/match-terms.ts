import type { RegexPattern, TermGroup, TermsPattern } from './ast.ts';
import { MATCH_WITHOUT_VALUES, NO_MATCH, type MessageMatcher } from './match-result.ts';
import { RegexMatcher } from './match-regex.ts';

interface CompiledGroup {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

function groupMatches(group: CompiledGroup, message: string): boolean {
  const { include, exclude } = group;
  for (let i = 0; i < include.length; i++) if (!message.includes(include[i] as string)) return false;
  for (let i = 0; i < exclude.length; i++) if (message.includes(exclude[i] as string)) return false;
  return true;
}

function fromTest(test: (message: string) => boolean): MessageMatcher {
  return {
    test,
    match: (message) => (test(message) ? MATCH_WITHOUT_VALUES : NO_MATCH),
  };
}

/**
 * Compiles a terms pattern: a message matches when, for some group, it contains every included term and no
 * excluded one (substring search, case-sensitive). No allocation per message.
 */
export function termsMatcher(pattern: TermsPattern): MessageMatcher {
  const groups: CompiledGroup[] = pattern.groups.map((group: TermGroup) => ({
    include: group.include.map((term) => term.value),
    exclude: group.exclude.map((term) => term.value),
  }));
  const only = groups.length === 1 ? groups[0] : undefined;
  if (only !== undefined && only.exclude.length === 0 && only.include.length === 1) {
    const term = only.include[0] as string;
    return fromTest((message) => typeof message === 'string' && message.includes(term));
  }
  if (only !== undefined) return fromTest((message) => typeof message === 'string' && groupMatches(only, message));
  return fromTest((message) => {
    if (typeof message !== 'string') return false;
    for (let i = 0; i < groups.length; i++) if (groupMatches(groups[i] as CompiledGroup, message)) return true;
    return false;
  });
}

/** Compiles a standalone `%regex%` pattern: a message matches when the expression matches anywhere in it. */
export function regexTermMatcher(pattern: RegexPattern): MessageMatcher {
  const regex = new RegexMatcher(pattern.regex);
  return fromTest((message) => typeof message === 'string' && regex.search(message));
}

/** The empty pattern: every message matches. */
export function matchAllMatcher(): MessageMatcher {
  return fromTest(() => true);
}
