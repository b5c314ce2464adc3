/**
 * Term patterns. Examples from "Filter and Pattern Syntax" (Amazon CloudWatch Logs user guide; the text as kept in
 * awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md), section "Matching Terms in Log
 * Events" and "OR Pattern Matching".
 */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';

function matches(pattern: string, message: string): boolean {
  const compiled = parseFilterPattern(pattern);
  const result = compiled.match(message);
  expect(compiled.test(message), `test() and match() agree for ${pattern} / ${message}`).toBe(result.matched);
  expect(result.extractedValues).toEqual({});
  return result.matched;
}

describe('terms: the user guide examples', () => {
  it.each([
    // Example 1: Match everything — 'The filter pattern "" matches all log events.'
    ['', '[ERROR] A fatal exception has occurred', true],
    ['', 'anything at all', true],
    ['   ', 'blank patterns match too', true],
    ['""', 'the empty quoted phrase is in every message', true],
    // Example 2: Single term — "ERROR" matches messages that contain this term.
    ['ERROR', '[ERROR] A fatal exception has occurred', true],
    ['ERROR', 'Exiting with ERRORCODE: -1', true],
    // Example 3: Include a term and exclude a term — "ERROR -Exiting" excludes "Exiting with ERRORCODE: -1".
    ['ERROR -Exiting', '[ERROR] A fatal exception has occurred', true],
    ['ERROR -Exiting', 'Exiting with ERRORCODE: -1', false],
    // Example 4: Multiple terms — "ERROR Exception" matches messages that contain both terms.
    ['ERROR Exception', '[ERROR] Caught IllegalArgumentException', true],
    ['ERROR Exception', '[ERROR] Unhandled Exception', true],
    ['ERROR Exception', '[ERROR] Unhandled', false],
    // "Failed to process the request" matches messages that contain all terms (read both as a phrase and as terms).
    ['"Failed to process the request"', '[WARN] Failed to process the request', true],
    ['"Failed to process the request"', '[ERROR] Unable to continue: Failed to process the request', true],
    ['Failed to process the request', '[WARN] Failed to process the request', true],
    ['Failed to process the request', '[ERROR] Unable to continue: Failed to process the request', true],
    ['"Failed to process the request"', 'the request Failed to process', false],
    ['Failed to process the request', 'the request Failed to process', true],
    // "Metric filters are case sensitive."
    ['ERROR', '[error] lower case', false],
    ['error', '[ERROR] upper case', false],
  ])('%j against %j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  // OR Pattern Matching: "ERROR matches examples 1 and 2. ?ERROR ?WARN matches examples 1, 2, and 3 … ERROR WARN only
  // matches example 1 … ERROR -WARN matches example 2".
  const EVENTS = ['ERROR WARN message', 'ERROR message', 'WARN message'];
  it.each([
    ['ERROR', [1, 2]],
    ['?ERROR ?WARN', [1, 2, 3]],
    ['ERROR WARN', [1]],
    ['ERROR -WARN', [2]],
  ])('%j matches events %j of the OR example', (pattern, expected) => {
    const matched = EVENTS.map((event, i) => (matches(pattern, event) ? i + 1 : 0)).filter((n) => n > 0);
    expect(matched).toEqual(expected);
  });
});

describe('terms: canarykit semantics beyond the examples', () => {
  it.each([
    // Each ? starts an alternative; plain terms after it join it (the AWS CDK's anyTermGroup rendering).
    ['?"ERROR" "MainThread" ?"WARN" "Deadlock"', 'ERROR in MainThread', true],
    ['?"ERROR" "MainThread" ?"WARN" "Deadlock"', 'WARN Deadlock detected', true],
    ['?"ERROR" "MainThread" ?"WARN" "Deadlock"', 'ERROR Deadlock', false],
    // Terms before the first ? are an alternative of their own.
    ['ERROR ?WARN', 'WARN only', true],
    ['ERROR ?WARN', 'ERROR only', true],
    ['ERROR ?WARN', 'INFO only', false],
    // An exclusion belongs to the alternative it is written in.
    ['?ERROR -retry ?FATAL', 'ERROR, will retry', false],
    ['?ERROR -retry ?FATAL', 'FATAL, will retry', true],
    // Only exclusions: every message without the term.
    ['-DEBUG', 'INFO started', true],
    ['-DEBUG', 'DEBUG details', false],
    ['-DEBUG -TRACE', 'TRACE details', false],
    ['-"user agent"', 'the user agent is curl', false],
    // Quoted terms: special characters, escapes.
    ['"ERROR:"', 'ERROR: boom', true],
    ['"ERROR:"', 'ERROR boom', false],
    ['"Internal Server Error"', 'HTTP 500 Internal Server Error', true],
    ['"say \\"hi\\""', 'they say "hi" twice', true],
    ['"C:\\\\temp"', 'wrote C:\\temp\\x', true],
    ['?"[ERROR]" ?"[WARN]"', '[WARN] disk', true],
    ['404', 'GET / 404', true],
    ['snake_case', 'a snake_case name', true],
    ['"-1"', 'Exiting with ERRORCODE: -1', true],
    ['-1', 'Exiting with ERRORCODE: -1', false],
  ])('%j against %j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('parses into groups of included and excluded terms', () => {
    expect(parseFilterPattern('?ERROR -retry ?"a b"').ast).toEqual({
      type: 'terms',
      groups: [
        {
          include: [{ type: 'term', text: 'ERROR', value: 'ERROR', quoted: false, position: 2 }],
          exclude: [{ type: 'term', text: 'retry', value: 'retry', quoted: false, position: 9 }],
        },
        { include: [{ type: 'term', text: '"a b"', value: 'a b', quoted: true, position: 16 }], exclude: [] },
      ],
    });
    expect(parseFilterPattern('').kind).toBe('matchAll');
  });

  it.each([
    ['ERROR:', 6, ':'],
    ['x [ERROR]', 3, '['],
    ['a.b c', 2, '.'],
    ['ok Überweisung', 4, 'Ü'],
    ['?', 2, ''],
    ['- x', 2, 'a space'],
    ['"open', 1, '"open'],
    ['"a"b', 4, 'b'],
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

  it('explains how to quote a term with special characters', () => {
    expect(() => parseFilterPattern('ERROR:')).toThrow(
      `position 6: ':' is not allowed in an unquoted term; put terms with characters other than letters, digits and '_' in double quotes: "ERROR:"`,
    );
  });
});
