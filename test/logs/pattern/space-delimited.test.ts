/**
 * Space-delimited patterns. Examples from "Filter and Pattern Syntax" (Amazon CloudWatch Logs user guide; the text
 * as kept in awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md), sections "Using
 * Metric Filters to Extract Values from Space-Delimited Log Events" and "OR Pattern Matching".
 */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';

function run(
  pattern: string,
  message: string,
): { matched: boolean; extractedValues: Readonly<Record<string, string>> } {
  const compiled = parseFilterPattern(pattern);
  const result = compiled.match(message);
  expect(compiled.test(message), `test() and match() agree for ${pattern}`).toBe(result.matched);
  return result;
}

function matching(pattern: string, events: readonly string[]): number[] {
  return events.map((event, i) => (run(pattern, event).matched ? i + 1 : 0)).filter((n) => n > 0);
}

// The guide's three access-log events.
const ACCESS_LOG = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
];

describe('space-delimited: the user guide examples', () => {
  it('[ip, user, username, timestamp, request, status_code, bytes] names the seven fields', () => {
    expect(run('[ip, user, username, timestamp, request, status_code, bytes]', ACCESS_LOG[0] ?? '')).toEqual({
      matched: true,
      extractedValues: {
        $ip: '127.0.0.1',
        $user: '-',
        $username: 'frank',
        $timestamp: '10/Oct/2000:13:25:15 -0700',
        $request: 'GET /apache_pb.gif HTTP/1.0',
        $status_code: '200',
        $bytes: '1534',
      },
    });
  });

  it.each([
    // "In cases where you don't know the number of fields, you can use shorthand notification using an ellipsis".
    ['[..., status_code, bytes]', [1, 2, 3]],
    ['[ip, user, ..., status_code, bytes]', [1, 2, 3]],
    ['[ip, user, ...]', [1, 2, 3]],
    // "You can also add conditions to your fields so that only log events that match all conditions would match".
    ['[ip, user, username, timestamp, request, status_code, bytes > 1000]', [1, 2, 3]],
    ['[ip, user, username, timestamp, request, status_code = 200, bytes]', [1, 3]],
    ['[ip, user, username, timestamp, request, status_code = 4*, bytes]', []],
    ['[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', []],
    // "You can use && as a logical AND operator and || as a logical OR operator".
    ['[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]', []],
    ['[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]', []],
    ['[ip, user, username, timestamp, request, status_code = 500 || status_code = 404, bytes]', [2]],
    ['[ip, user, username, timestamp, request, status_code = 2* && status_code != 201, bytes > 4000]', [3]],
  ])('%s matches access-log events %j', (pattern, expected) => {
    expect(matching(pattern, ACCESS_LOG)).toEqual(expected);
  });

  it('rejects the guide\'s "[…, request, status_code = 4* && bytes > 1000]": bytes is not a field of that pattern', () => {
    // The guide lists this six-field pattern; it tests a field "bytes" that the pattern never names (and the events
    // have seven fields). canarykit rejects a condition on a field the pattern does not have.
    expect(() =>
      parseFilterPattern('[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]'),
    ).toThrow(
      "position 62: 'bytes' is not a field of this pattern; a condition can only test fields the pattern names",
    );
  });

  it("extracts named fields as $name and the others as $position (the guide's extracted-fields example)", () => {
    // Example filter "[..., request=*.html*, status_code=4*,]" and example event. The guide's output shows
    // "$request": "GET /products/index.html HTTP/1.0" for an event whose request is "GET /index.html HTTP/1.0"; the
    // value here is what the event holds.
    const event = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    expect(run('[..., request=*.html*, status_code=4*,]', event)).toEqual({
      matched: true,
      extractedValues: {
        $status_code: '404',
        $request: 'GET /index.html HTTP/1.0',
        $7: '1534',
        $4: '10/Oct/2000:13:25:15 -0700',
        $3: 'frank',
        $2: '-',
        $1: '127.0.0.1',
      },
    });
  });

  // OR Pattern Matching, space-delimited: "[w1=ERROR, w2] matches pattern 2 because ERROR is the first word, and
  // [w1=ERROR || w1=WARN, w2] matches patterns 2 and 3."
  const EVENTS = ['ERROR WARN message', 'ERROR message', 'WARN message'];
  it.each([
    ['[w1=ERROR, w2]', [2]],
    ['[w1=ERROR || w1=WARN, w2]', [2, 3]],
    ['[w1=ERROR || w1=WARN, ...]', [1, 2, 3]],
    // The guide says "[w1!=ERROR&&w1!=WARN, w2] matches lines containing both ERROR and WARN (pattern 1)". It cannot:
    // pattern 1 has three fields (the pattern two) and starts with ERROR. With an ellipsis it still matches none.
    ['[w1!=ERROR&&w1!=WARN, w2]', []],
    ['[w1!=ERROR&&w1!=WARN, ...]', []],
  ])('%s matches events %j of the OR example', (pattern, expected) => {
    expect(matching(pattern, EVENTS)).toEqual(expected);
  });
});

describe('space-delimited: fields and conditions', () => {
  it.each([
    // Field counts: exact without ..., at least the others with it.
    ['[a, b]', 'one two', true],
    ['[a, b]', 'one', false],
    ['[a, b]', 'one two three', false],
    ['[a, ..., b]', 'one two', true],
    ['[a, ..., b]', 'one', false],
    ['[...]', '', true],
    ['[a]', '', false],
    // Whitespace runs, tabs and surrounding blanks.
    ['[a, b]', '  one \t  two  ', true],
    // Quoted and bracketed fields are single fields; unclosed ones are ordinary characters.
    ['[a, b]', '"x y" [p q]', true],
    ['[a, b, c]', '"x y z', true],
    ['[a, b]', '[unclosed bracket', true],
    ['[a, b]', '"a"b', true],
    // Numeric comparisons need a number in the field; != holds for text.
    ['[code >= 500, ...]', '503 rest', true],
    ['[code >= 500, ...]', '5e2 rest', true],
    ['[code >= 500, ...]', 'abc rest', false],
    ['[code = 500, ...]', '500.0 rest', true],
    ['[code != 500, ...]', 'abc rest', true],
    ['[code != 500, ...]', '500 rest', false],
    ['[lat < -1.5, ...]', '-2 rest', true],
    // Strings: exact, wildcards at either end, quoted values.
    ['[level = INFO, ...]', 'INFO x', true],
    ['[level = INFO, ...]', 'INFOS x', false],
    ['[level = INF*, ...]', 'INFOS x', true],
    ['[level = *FO, ...]', 'INFO x', true],
    ['[level = "ERROR:", ...]', 'ERROR: x', true],
    ['[level = "a b", ...]', '"a b" x', true],
    ['[level = "*", ...]', 'anything x', true],
    // Regular expressions.
    ['[..., status = %^4\\d\\d$%]', 'GET / 404', true],
    ['[..., status = %^4\\d\\d$%]', 'GET / 4040', false],
    ['[..., status != %^2%]', 'GET / 404', true],
    // Conditions on other named fields and parentheses.
    ['[a, b = 1 && (a = x || a = y)]', 'y 1', true],
    ['[a, b = 1 && (a = x || a = y)]', 'z 1', false],
    // Empty fields.
    ['[, , c = 3]', '1 2 3', true],
    ['[a, , c]', '1 2', false],
  ])('%s against %j → %s', (pattern, message, expected) => {
    expect(run(pattern, message).matched).toBe(expected);
  });

  it('extracts every field of a message with an ellipsis in the middle', () => {
    expect(run('[first, ..., last]', 'a b c d')).toEqual({
      matched: true,
      extractedValues: { $first: 'a', $2: 'b', $3: 'c', $last: 'd' },
    });
    expect(run('[first, ..., last]', 'a d').extractedValues).toEqual({ $first: 'a', $last: 'd' });
  });

  it('parses fields, names and conditions', () => {
    expect(parseFilterPattern('[w1=ERROR || w1=WARN, ...]').ast).toEqual({
      type: 'spaceDelimited',
      fields: [
        {
          kind: 'field',
          name: 'w1',
          position: 2,
          condition: {
            type: 'or',
            position: 2,
            operands: [
              {
                type: 'compare',
                field: 'w1',
                operator: '=',
                position: 2,
                value: {
                  kind: 'string',
                  text: 'ERROR',
                  core: 'ERROR',
                  wildcardStart: false,
                  wildcardEnd: false,
                  position: 5,
                },
              },
              {
                type: 'compare',
                field: 'w1',
                operator: '=',
                position: 14,
                value: {
                  kind: 'string',
                  text: 'WARN',
                  core: 'WARN',
                  wildcardStart: false,
                  wildcardEnd: false,
                  position: 17,
                },
              },
            ],
          },
        },
        { kind: 'ellipsis', position: 23 },
      ],
    });
  });

  it.each([
    ['[a, ..., b, ...]', 13, '...'],
    ['[a, a]', 5, 'a'],
    ['[1st]', 2, '1st'],
    ['[a b]', 4, 'b'],
    ['[a = ]', 6, ']'],
    ['[a > x]', 6, 'x'],
    ['[a, b', 6, ''],
    ['[]', 2, ']'],
    ['[a] x', 5, 'x'],
    ['[a && b = 1]', 4, '&&'],
  ])('rejects %j at position %d (found %j)', (pattern, position, found) => {
    let error: unknown;
    try {
      parseFilterPattern(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect((error as PatternSyntaxError).position).toBe(position);
    expect((error as PatternSyntaxError).found).toBe(found);
  });
});
