import type { ComparisonOperator, ComparisonValue } from './ast.ts';
import { isNumberText } from './compare-value.ts';
import { parseRegex } from './parse-regex.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';
import type { Token } from './tokenize.ts';

/**
 * Characters an unquoted value may contain. The user guide: "Strings that consist entirely of alphanumeric characters
 * do not need to be quoted. Strings that have unicode and other characters such as '@', '$', '\' etc. must be
 * enclosed in double quotes"; its own examples also leave `.` and `*` unquoted (`123.123.*`, `*.html*`), and numbers
 * carry `+`, `-` and `.`. canarykit also accepts `_`, `:` and `/` unquoted (`10/Oct/2000:13:25:15`).
 */
const UNQUOTED = /^[A-Za-z0-9_.*+\-:/]+$/;

export const VALUE_DESCRIPTION = 'a value (a number, a word, a "quoted string" or a %regular expression%)';

/**
 * Turns the token after a comparison operator into a value.
 * @param subject what is compared, for messages (`$.status`, `status_code`).
 */
export function parseValue(token: Token, operator: ComparisonOperator, subject: string): ComparisonValue {
  const ordering = operator !== '=' && operator !== '!=';
  const position = token.position;
  if (token.kind === 'string' || token.kind === 'regex' || token.kind === 'word') {
    if (token.kind === 'word' && isNumberText(token.text)) {
      return { kind: 'number', text: token.text, value: Number(token.text), position };
    }
    if (ordering) {
      throw new PatternSyntaxError(position, `a number after ${subject} ${operator}`, token.text);
    }
    if (token.kind === 'regex') return { kind: 'regex', regex: parseRegex(token.value, position), position };
    if (token.kind === 'string') {
      return {
        kind: 'string',
        text: token.text,
        core: token.value,
        wildcardStart: token.wildcardStart,
        wildcardEnd: token.wildcardEnd,
        position,
      };
    }
    const text = token.text;
    if (!UNQUOTED.test(text)) {
      const bad = [...text].find((ch) => !UNQUOTED.test(ch)) ?? '';
      throw new PatternSyntaxError(
        position + text.indexOf(bad),
        `a letter, digit or one of _ . * + - : / in the unquoted value ${text}`,
        bad,
        `'${bad}' is not allowed in an unquoted value; put ${text} in double quotes`,
      );
    }
    let start = 0;
    while (start < text.length && text.charAt(start) === '*') start++;
    let end = text.length;
    while (end > start && text.charAt(end - 1) === '*') end--;
    const allStars = start === text.length;
    return {
      kind: 'string',
      text,
      core: allStars ? '' : text.slice(start, end),
      wildcardStart: start > 0,
      wildcardEnd: allStars || end < text.length,
      position,
    };
  }
  throw new PatternSyntaxError(
    position,
    `${ordering ? 'a number' : VALUE_DESCRIPTION} after ${subject} ${operator}`,
    token.text,
  );
}
