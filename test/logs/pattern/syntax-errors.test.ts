/** Syntax errors: every PatternSyntaxError carries a 1-based position, what was expected and what was found. */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';

function failure(pattern: string): PatternSyntaxError {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to fail`);
}

const VALUE = 'a value (a number, a word, a "quoted string" or a %regular expression%)';
const TESTS = 'a comparison operator (=, !=, <, <=, >, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS';

describe('PatternSyntaxError', () => {
  it('says where, what was expected and what was found', () => {
    const error = failure('{ $.status 500 }');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PatternSyntaxError');
    expect(error.position).toBe(12);
    expect(error.expected).toBe(`${TESTS} after $.status`);
    expect(error.found).toBe('500');
    expect(error.message).toBe(`position 12: expected ${TESTS} after $.status, found '500'`);
  });

  it.each([
    // JSON
    ['{ $.status = }', 14, '}', `position 14: expected ${VALUE} after $.status =, found '}'`],
    ['{ $.status', 11, '', `position 11: expected ${TESTS} after $.status, found the end of the pattern`],
    ['{ $.status = 500', 17, '', "position 17: expected '&&', '||' or '}', found the end of the pattern"],
    [
      '{ status = 500 }',
      3,
      'status',
      "position 3: expected a property selector such as $.eventType, or '(', found 'status'",
    ],
    ['{ $status = 1 }', 4, 's', "position 4: expected '.' and a property name after $, found 's'"],
    ['{ $[0] = 1 }', 4, '[', "position 4: expected '.' and a property name after $, found '['"],
    ['{ $.a[*] = 1 }', 6, '[*]', "position 6: expected an array index [NUMBER] such as [0], found '[*]'"],
    [
      '{ $.a. = 1 }',
      7,
      '',
      "position 7: expected a property name (letters, digits, '-' and '_') after '.', found the end of the pattern",
    ],
    ['{ $.a > abc }', 9, 'abc', "position 9: expected a number after $.a >, found 'abc'"],
    ['{ $.a >= "5" }', 10, '"5"', `position 10: expected a number after $.a >=, found '"5"'`],
    ['{ $.a < %5% }', 9, '%5%', "position 9: expected a number after $.a <, found '%5%'"],
    ['{ $.a IS MAYBE }', 10, 'MAYBE', "position 10: expected NULL, TRUE or FALSE after $.a IS, found 'MAYBE'"],
    ['{ $.a NOT THERE }', 11, 'THERE', "position 11: expected EXISTS after $.a NOT, found 'THERE'"],
    ['{ ($.a = 1 }', 12, '}', "position 12: expected '&&', '||' or ')', found '}'"],
    ['{ $.a = 1 } x', 13, 'x', "position 13: expected the end of the pattern after '}', found 'x'"],
    ['{ $.a = 1 & $.b = 2 }', 11, '&', "position 11: expected '&&', found a single '&'"],
    ['{ $.a = 1 | $.b = 2 }', 11, '|', "position 11: expected '||', found a single '|'"],
    ['{ $.a ! 1 }', 7, '!', "position 7: expected '!=', found a single '!'"],
    ['{ $.a == 1 }', 8, '=', `position 8: expected ${VALUE} after $.a =, found '='`],
    ['{ $.a = @x }', 9, '@', "position 9: '@' is not allowed in an unquoted value; put @x in double quotes"],
    ['{ $.a = "x }', 9, '"x }', `position 9: expected a closing '"' for the string that starts here`],
    ['{ $.a = %x }', 9, '%x }', "position 9: expected a closing '%' for the regular expression that starts here"],
    ['{}', 2, '}', "position 2: expected a property selector such as $.eventType, or '(', found '}'"],
    ['{ $.a = 1 && }', 14, '}', "position 14: expected a property selector such as $.eventType, or '(', found '}'"],
    [
      '{ $.a = 1 || || $.b = 2 }',
      14,
      '||',
      "position 14: expected a property selector such as $.eventType, or '(', found '||'",
    ],
    ['  { $.a = 1 ', 13, '', "position 13: expected '&&', '||' or '}', found the end of the pattern"],
    // Space-delimited
    ['[a, b] [c]', 8, '[', "position 8: expected the end of the pattern after ']', found '['"],
    [
      '[a = 1 ||]',
      10,
      ']',
      "position 10: expected a field name (letters, digits and _, not starting with a digit), found ']'",
    ],
    ['[a b]', 4, 'b', "position 4: expected a comparison operator (=, !=, <, <=, >, >=) after a, found 'b'"],
    ['[a = 1 b]', 8, 'b', "position 8: expected ',', '&&', '||' or ']', found 'b'"],
    [
      '[a, $.b]',
      5,
      '$.b',
      "position 5: expected a field name (letters, digits and _, not starting with a digit), found '$.b'",
    ],
    ['[a, a]', 5, 'a', "position 5: field name 'a' is already used by the field at position 2"],
    [
      '[..., a, ...]',
      10,
      '...',
      "position 10: '...' may appear only once in a space-delimited pattern (the first is at position 2)",
    ],
    [
      '[a = 1, b = x && c = 2]',
      18,
      'c',
      "position 18: 'c' is not a field of this pattern; a condition can only test fields the pattern names",
    ],
    // Terms
    [
      'ERROR:',
      6,
      ':',
      `position 6: ':' is not allowed in an unquoted term; put terms with characters other than letters, digits and '_' in double quotes: "ERROR:"`,
    ],
    ['ERROR ?', 8, '', "position 8: expected a term right after '?', found the end of the pattern"],
    ['"unterminated', 1, '"unterminated', `position 1: expected a closing '"' for the phrase that starts here`],
    // Regex
    [
      '%a(b)%',
      3,
      '(',
      "position 3: '(' is not supported in a regular expression: CloudWatch does not allow parentheses (subpatterns)",
    ],
    [
      '%a b%',
      3,
      ' ',
      'position 3: whitespace is not allowed in a regular expression; use \\s to match a whitespace character',
    ],
    ['%%', 1, '', 'position 1: the regular expression between the % signs is empty'],
    [
      '%\\q%',
      2,
      '\\q',
      "position 2: unsupported escape '\\q'; CloudWatch supports \\d \\D \\s \\S \\w \\W \\xhh and \\ before an operator or symbol",
    ],
    ['{ $.m = %a{2,1}% }', 11, '{2,1}', 'position 11: repetition count {2,1} has its maximum below its minimum'],
    ['[m = %[z-a]%]', 8, 'z-a', "position 8: range 'z-a' is out of order"],
  ])('%j → position %d, found %j', (pattern, position, found, message) => {
    const error = failure(pattern);
    expect(error.message).toBe(message);
    expect(error.position).toBe(position);
    expect(error.found).toBe(found);
  });

  it('points positions at the original text, whitespace and newlines included', () => {
    const pattern = '{\n  $.a = 1 &&\n  $.b ? 2\n}';
    const error = failure(pattern);
    expect(pattern.charAt(error.position - 1)).toBe('?');
  });

  it('rejects a non-string with TypeError', () => {
    expect(() => parseFilterPattern(42 as unknown as string)).toThrow(TypeError);
  });
});
