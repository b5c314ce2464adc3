/**
 * Regular expressions. Rules and examples from "Supported regular expressions (regex) syntax" and the regex section
 * of "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail" (Amazon
 * CloudWatch Logs user guide).
 */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternLimitError, PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';

function matches(pattern: string, message: string): boolean {
  const compiled = parseFilterPattern(pattern);
  const result = compiled.match(message);
  expect(compiled.test(message)).toBe(result.matched);
  expect(result.extractedValues).toEqual({});
  return result.matched;
}

function failure(pattern: string): PatternSyntaxError {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to fail`);
}

describe('regex: the user guide examples', () => {
  it.each([
    // "%AUTHORIZED% … returns log event messages, such as: [ERROR 401] UNAUTHORIZED REQUEST, [SUCCESS 200] AUTHORIZED REQUEST"
    ['%AUTHORIZED%', '[ERROR 401] UNAUTHORIZED REQUEST', true],
    ['%AUTHORIZED%', '[SUCCESS 200] AUTHORIZED REQUEST', true],
    ['%AUTHORIZED%', '[SUCCESS 200] authorized request', false],
    // "%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}% to match any IP address format"
    ['%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'client 10.0.12.255 connected', true],
    ['%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'client 10.0.12 connected', false],
    ['%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%', 'version 1x2x3x4', false],
    // "%[Ee]rror|[Ff]ail% to catch both "Error"/"error" and "Fail"/"fail""
    ['%[Ee]rror|[Ff]ail%', 'Error: disk', true],
    ['%[Ee]rror|[Ff]ail%', 'an error', true],
    ['%[Ee]rror|[Ff]ail%', 'Failed', true],
    ['%[Ee]rror|[Ff]ail%', 'it will fail', true],
    ['%[Ee]rror|[Ff]ail%', 'ERROR FAIL', false],
    // "^: Anchors the match to the beginning of a string. For example, %^[hc]at% matches "hat" and "cat", but only at
    // the beginning of a string."
    ['%^[hc]at%', 'hat', true],
    ['%^[hc]at%', 'cat food', true],
    ['%^[hc]at%', 'the cat', false],
    // "$: Anchors the match to the end of a string": %[hc]at$%.
    ['%[hc]at$%', 'the hat', true],
    ['%[hc]at$%', 'cat food', false],
    // "?": %colou?r% matches "color" and "colour".
    ['%colou?r%', 'color', true],
    ['%colou?r%', 'colour', true],
    ['%colou?r%', 'colouur', false],
    // "[]": %[abc]% matches "a", "b" or "c"; %[a-z]% any lowercase letter; %[abcx-z]% "a", "b", "c", "x", "y" or "z".
    ['%[abc]%', 'b', true],
    ['%[abc]%', 'd', false],
    ['%[a-z]%', 'ABC q', true],
    ['%[a-z]%', 'ABC', false],
    ['%[abcx-z]%', 'y', true],
    ['%[abcx-z]%', 'w', false],
    // "{m, n}": %a{3,5}% matches "aaa", "aaaa" and "aaaaa" (and, searching, any text containing them).
    ['%a{3,5}%', 'aa', false],
    ['%a{3,5}%', 'aaa', true],
    ['%a{3,5}%', 'aaaaa', true],
    ['%^a{3,5}$%', 'aaaaaa', false],
  ])('%s against %j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('rejects "%something!%" since "!" is not supported', () => {
    const error = failure('%something!%');
    expect(error.position).toBe(11);
    expect(error.found).toBe('!');
    expect(error.message).toContain("'!' is not allowed in a regular expression");
  });

  it('rejects parentheses: "You cannot use parentheses to define a subpattern"', () => {
    expect(failure('%(ab)+%').message).toBe(
      "position 2: '(' is not supported in a regular expression: CloudWatch does not allow parentheses (subpatterns)",
    );
  });

  it('rejects multi-byte characters: "Multi-byte characters are not supported"', () => {
    expect(failure('%caf\u00e9%').message).toBe(
      'position 5: multi-byte characters are not supported in a regular expression',
    );
  });

  it('limits JSON and space-delimited patterns to two regular expressions ("a limit of 2 regex for each filter pattern")', () => {
    expect(parseFilterPattern('{ $.a = %x% && $.b = %y% }').kind).toBe('json');
    expect(parseFilterPattern('[a = %x%, b != %y%]').kind).toBe('spaceDelimited');
    const error = failure('{ $.a = %x% && $.b = %y% && $.c = %z% }');
    expect(error).toBeInstanceOf(PatternLimitError);
    expect((error as PatternLimitError).limit).toBe('regexCount');
    expect(error.position).toBe(35);
    expect(() => parseFilterPattern('[a = %x%, b = %y%, c = %z%]')).toThrow(PatternLimitError);
  });
});

describe('regex: the supported subset', () => {
  it.each([
    // Shorthands and escapes.
    ['%\\d+ms%', 'took 35ms', true],
    ['%\\D%', '123', false],
    ['%^\\w+$%', 'snake_case9', true],
    ['%^\\w+$%', 'kebab-case', false],
    ['%\\W%', 'kebab-case', true],
    ['%a\\sb%', 'a\tb', true],
    ['%a\\Sb%', 'a b', false],
    ['%\\x41%', 'A', true],
    ['%\\x41%', 'a', false],
    ['%10\\.10\\.0\\.1%', '10.10.0.1', true],
    ['%10\\.10\\.0\\.1%', '10x10x0x1', false],
    ['%\\[.\\]%', 'level [a] x', true],
    ['%\\[.\\]%', 'level [ab] x', false],
    ['%\\$\\^\\?\\*\\+\\{\\}\\|\\\\%', '$^?*+{}|\\', true],
    // Classes: negation, ranges, shorthands and operators inside.
    ['%^[^0-9]+$%', 'abc', true],
    ['%^[^0-9]+$%', 'ab1', false],
    ['%[\\d_]%', 'a_b', true],
    ['%[.*]%', 'x*y', true],
    ['%[a-]%', 'x-y', true],
    ['%^[\\]]$%', ']', true],
    // Quantifiers.
    ['%ba*h%', 'bh', true],
    ['%ba*h%', 'baaah', true],
    ['%ba+h%', 'bh', false],
    ['%ba+h%', 'bah', true],
    ['%^a{2}$%', 'aa', true],
    ['%^a{2}$%', 'aaa', false],
    ['%^a{2,}$%', 'aaaa', true],
    ['%^a{2,}$%', 'a', false],
    ['%^.{0,3}$%', '', true],
    ['%^.{0,3}$%', 'abcd', false],
    ['%.at%', 'a bat', true],
    ['%.at%', 'at', false],
    ['%a.c%', 'a\nc', true],
    // Alternatives with anchors; empty messages.
    ['%^GET|POST$%', 'GET /x', true],
    ['%^GET|POST$%', 'send POST', true],
    ['%^GET|POST$%', 'POST /x', false],
    ['%^$%', '', true],
    ['%^$%', ' ', false],
    ['%a*%', 'zzz', true],
    ['%x*$%', 'abc', true],
    ['%^%', 'abc', true],
    ['%:_#=@/;,-%', 'a:_#=@/;,-b', true],
    // Non-ASCII messages are fine; only the pattern is restricted.
    ['%caf.%', 'café', true],
    ['%^.$%', '\u00e9', true],
  ])('%s against %j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('matches the empty message when the expression allows it', () => {
    // TestMetricFilter refuses empty messages, but match() does not care.
    expect(parseFilterPattern('%^$%').test('')).toBe(true);
    expect(parseFilterPattern('%a?%').test('')).toBe(true);
    expect(parseFilterPattern('%a%').test('')).toBe(false);
  });

  it.each([
    ['%%', 1, ''],
    ['%a b%', 3, ' '],
    ['%a)%', 3, ')'],
    ['%*a%', 2, '*'],
    ['%a**%', 4, '*'],
    ['%a+?%', 4, '?'],
    ['%^*%', 3, '*'],
    ['%{2}%', 2, '{'],
    ['%a{2%', 3, '{2'],
    ['%a{x}%', 3, '{x}'],
    ['%a{3,2}%', 3, '{3,2}'],
    ['%a{,2}%', 3, '{,2}'],
    ['%[]%', 2, ']'],
    ['%[abc%', 2, ''],
    ['%[z-a]%', 3, 'z-a'],
    ['%[\\d-z]%', 3, '\\d-'],
    ['%a]%', 3, ']'],
    ['%a}%', 3, '}'],
    ['%a|%', 4, ''],
    ['%|a%', 2, '|'],
    ['%\\n%', 2, '\\n'],
    ['%\\x4%', 2, '\\x4'],
    ['%\\x4g%', 2, '\\x4g'],
    ['%a\\%', 1, '%a\\%'],
    ['%a\\%b%', 4, '%'],
    ['%abc', 1, '%abc'],
    ['ERROR %abc%', 7, '%abc%'],
    ['?%a% ?%b%', 1, '?%a%'],
    ['-%DEBUG%', 1, '-%DEBUG%'],
  ])('rejects %j at position %d (found %j)', (pattern, position, found) => {
    const error = failure(pattern);
    expect(error.position, error.message).toBe(position);
    expect(error.found, error.message).toBe(found);
  });
});
