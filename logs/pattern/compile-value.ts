import type { ComparisonValue } from './ast.ts';
import type { CompiledValue } from './compare-value.ts';
import { RegexMatcher } from './match-regex.ts';

/** Compiles a condition value once (regular expressions become matchers). */
export function compileValue(value: ComparisonValue): CompiledValue {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value };
    case 'number':
      return { kind: 'number', value: value.value };
    case 'regex':
      return { kind: 'regex', matcher: new RegexMatcher(value.regex) };
  }
}
