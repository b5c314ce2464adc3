import type { JsonSelector } from './ast.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';

const NAME = /^[A-Za-z0-9_-]+/;
const INDEX = /^\[(\d+)\]/;

/**
 * Parses a JSON property selector (CloudWatch Logs user guide, "Filter and Pattern Syntax"): "Property selectors
 * always start with dollar sign ($), which signifies the root of the JSON. Property selectors are alphanumeric
 * strings that also support '-' and '_' characters. Array elements are denoted with [NUMBER] syntax, and must follow
 * a property." So `$.eventId`, `$.users[0]`, `$.users[0].id`, `$.coordinates[0][1]`; not `$[0]`, `$.a[*]` or `$.a.`.
 *
 * @param text the selector as written, starting with `$`.
 * @param position 1-based position of the `$` in the pattern.
 */
export function parseSelector(text: string, position: number): JsonSelector {
  const segments: (string | number)[] = [];
  let rest = text.slice(1);
  let at = position + 1;
  if (!rest.startsWith('.')) {
    throw new PatternSyntaxError(at, "'.' and a property name after $", rest.charAt(0), undefined);
  }
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (name === null) {
        throw new PatternSyntaxError(
          at + 1,
          "a property name (letters, digits, '-' and '_') after '.'",
          rest.charAt(1),
          undefined,
        );
      }
      segments.push(name[0]);
      rest = rest.slice(1 + name[0].length);
      at += 1 + name[0].length;
      continue;
    }
    const index = INDEX.exec(rest);
    if (index === null) {
      const found = rest.startsWith('[') ? rest.slice(0, rest.indexOf(']') + 1 || rest.length) : rest.charAt(0);
      throw new PatternSyntaxError(
        at,
        rest.startsWith('[') ? 'an array index [NUMBER] such as [0]' : "'.' or '[' in the selector",
        found,
        undefined,
      );
    }
    segments.push(Number(index[1]));
    rest = rest.slice(index[0].length);
    at += index[0].length;
  }
  return { text, segments, position };
}
