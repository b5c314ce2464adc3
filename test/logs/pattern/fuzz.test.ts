/**
 * Seeded fuzzing: random and mutated patterns either parse or throw PatternSyntaxError (with a position inside the
 * pattern), and matching never throws, agrees between test() and match(), and finishes on adversarial input. The
 * regex engine is also checked against JavaScript's RegExp on expressions of the shared subset.
 */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern, type FilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';
import { intBetween, pick, seededRandom } from '../../support/prng.ts';

const PATTERN_PARTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  ' ',
  ' ',
  '  ',
  '&&',
  '||',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '...',
  '?',
  '-',
  '"',
  '\\',
  '%',
  '*',
  '$',
  '$.',
  '$.a',
  '$.b[0]',
  '$.c.d',
  '$.a[1][2]',
  'IS',
  'NULL',
  'NOT',
  'EXISTS',
  'TRUE',
  'FALSE',
  'ERROR',
  'WARN',
  'a',
  'b',
  'w1',
  'status',
  '200',
  '4*',
  '*x*',
  '-1.5e3',
  '"a b"',
  '"x\\"y"',
  '%a+%',
  '%^[a-z]{1,3}$%',
  '%\\d%',
  '%(%',
  'é',
  '💥',
  '\n',
  '\t',
  '\u0000',
];

const VALID_PATTERNS = [
  '',
  'ERROR',
  '?ERROR ?WARN -DEBUG',
  '"Internal Server Error"',
  '%[Ee]rror|[Ff]ail%',
  '%^\\d{1,3}\\.\\d+$%',
  '{ $.status = 500 }',
  '{ $.latency > 1000 && ($.path = "/checkout" || $.path = *cart*) }',
  '{ $.a[0].b IS NULL || $.c NOT EXISTS || $.d IS TRUE }',
  '{ $.m = %time\\w+% && $.n != "x" }',
  '[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]',
  '[..., status_code = 403 || status_code = 404, bytes]',
  '[w1 = %^E%, ...]',
  '[, , c >= -1]',
];

const MESSAGE_PARTS = [
  'ERROR',
  'WARN',
  'DEBUG',
  ' ',
  ' ',
  '"',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  'a',
  'b',
  '1',
  '200',
  '404',
  '1534',
  '-',
  '{"status": 500}',
  '{"a": [{"b": null}], "c": 1}',
  '{"latency": 1200, "path": "/checkout"}',
  '127.0.0.1',
  '"GET / HTTP/1.0"',
  '[10/Oct/2000:13:25:15 -0700]',
  'é',
  '💥',
  '\n',
  '\\',
  'null',
  'true',
];

function randomText(random: () => number, parts: readonly string[], maxParts: number): string {
  const count = intBetween(random, 0, maxParts);
  let text = '';
  for (let i = 0; i < count; i++) text += pick(random, parts);
  return text;
}

function mutate(random: () => number, text: string): string {
  const at = intBetween(random, 0, text.length);
  const choice = random();
  if (choice < 0.4) return text.slice(0, at) + text.slice(at + 1);
  if (choice < 0.8) return text.slice(0, at) + pick(random, PATTERN_PARTS) + text.slice(at);
  return text.slice(0, at) + text.slice(at + intBetween(random, 1, 4));
}

/** Parses, checking that only PatternSyntaxError escapes, with a position inside the pattern. */
function tryParse(pattern: string): FilterPattern | undefined {
  try {
    return parseFilterPattern(pattern);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) {
      throw new Error(`${JSON.stringify(pattern)} threw ${String(error)}`, { cause: error });
    }
    expect(error.position, pattern).toBeGreaterThanOrEqual(1);
    expect(error.position, pattern).toBeLessThanOrEqual(Math.max(pattern.length + 1, 1025));
    expect(error.message, pattern).toMatch(/^position \d+: .+/s);
    return undefined;
  }
}

function checkMatching(pattern: FilterPattern, messages: readonly string[]): number {
  let matched = 0;
  for (const message of messages) {
    const result = pattern.match(message);
    expect(pattern.test(message), `${pattern.text} / ${message}`).toBe(result.matched);
    if (result.matched) matched++;
    else expect(result.extractedValues).toEqual({});
    for (const value of Object.values(result.extractedValues)) expect(typeof value).toBe('string');
  }
  return matched;
}

describe('filter pattern fuzz (seeded)', () => {
  it('random patterns parse or throw PatternSyntaxError, and matching never throws (4000 patterns)', () => {
    const random = seededRandom(0x10c5);
    let parsed = 0;
    let matched = 0;
    for (let i = 0; i < 4000; i++) {
      const pattern = randomText(random, PATTERN_PARTS, 14);
      const compiled = tryParse(pattern);
      if (compiled === undefined) continue;
      parsed++;
      const messages = Array.from({ length: 6 }, () => randomText(random, MESSAGE_PARTS, 12));
      matched += checkMatching(compiled, messages);
    }
    // The generator reaches the success paths too.
    expect(parsed).toBeGreaterThan(300);
    expect(matched).toBeGreaterThan(100);
  });

  it('mutations of valid patterns parse or throw PatternSyntaxError (3000 mutations)', () => {
    const random = seededRandom(20240601);
    const messages = Array.from({ length: 8 }, () => randomText(random, MESSAGE_PARTS, 16));
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      let pattern = pick(random, VALID_PATTERNS);
      for (let m = intBetween(random, 1, 3); m > 0; m--) pattern = mutate(random, pattern);
      const compiled = tryParse(pattern);
      if (compiled === undefined) continue;
      parsed++;
      checkMatching(compiled, messages);
    }
    expect(parsed).toBeGreaterThan(500);
  });

  it('finishes on adversarial patterns and long messages (bounded, linear-time matching)', () => {
    const long = 'a'.repeat(200_000);
    const fields = 'a '.repeat(50_000);
    const deepJson = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const cases: [string, string, boolean][] = [
      ['%a*a*a*a*a*a*a*a*a*a*b%', long, false],
      ['%(a|a)*b%'.replace(/[()]/g, ''), long, true],
      ['%^.*.*.*.*.*.*.*.*x$%', long, false],
      ['%a{1000}b%', long, false],
      ['%[a-z]{0,1000}[0-9]%', long, false],
      ['%a.{999}a.{999}b%', long, false],
      ['[..., x = %a*a*a*b%]', fields, false],
      ['[a, ..., b = a]', fields, true],
      ['{ $.a.a.a.a.a = 1 }', deepJson, false],
      ['"aaab"', long, false],
    ];
    for (const [pattern, message, expected] of cases) {
      const compiled = parseFilterPattern(pattern);
      expect(compiled.test(message), pattern).toBe(expected);
      expect(compiled.match(message).matched, pattern).toBe(expected);
    }
  });

  it('the regex engine agrees with JavaScript RegExp on the shared subset (3000 expressions)', () => {
    const random = seededRandom(99);
    const atoms = ['a', 'b', 'c', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\D', '\\w', '\\s', '\\.', '1', '\\x61', '-'];
    const quantifiers = ['', '', '', '?', '*', '+', '{2}', '{0,2}', '{1,}'];
    const alphabet = ['a', 'b', 'c', '1', '.', ' ', '-', '_', '\n'];
    for (let i = 0; i < 3000; i++) {
      const alternatives = Array.from({ length: intBetween(random, 1, 3) }, () => {
        let text = random() < 0.2 ? '^' : '';
        for (let k = intBetween(random, 1, 4); k > 0; k--) text += pick(random, atoms) + pick(random, quantifiers);
        return text + (random() < 0.2 ? '$' : '');
      });
      const source = alternatives.join('|');
      const ours = parseFilterPattern(`%${source}%`);
      const theirs = new RegExp(source, 's');
      for (let m = 0; m < 8; m++) {
        const message = Array.from({ length: intBetween(random, 0, 10) }, () => pick(random, alphabet)).join('');
        expect(ours.test(message), `%${source}% on ${JSON.stringify(message)}`).toBe(theirs.test(message));
      }
    }
  });
});
