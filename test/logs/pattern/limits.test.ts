import { describe, expect, it } from 'vitest';
import {
  FILTER_PATTERN_MAX_DEPTH,
  FILTER_PATTERN_MAX_LENGTH,
  REGEX_MAX_REPEAT,
  REGEX_MAX_STATES,
} from '../../../logs/pattern/limits.ts';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternLimitError } from '../../../logs/pattern/pattern-syntax-error.ts';

function limitError(pattern: string): PatternLimitError {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof PatternLimitError) return error;
    throw error;
  }
  throw new Error('expected a PatternLimitError');
}

describe('limits', () => {
  it('accepts 1024 characters and refuses 1025 (the filterPattern length constraint)', () => {
    expect(FILTER_PATTERN_MAX_LENGTH).toBe(1024);
    expect(parseFilterPattern('A'.repeat(1024)).test('A'.repeat(1024))).toBe(true);
    const error = limitError('A'.repeat(1025));
    expect(error.limit).toBe('length');
    expect(error.position).toBe(1025);
    expect(error.message).toBe('position 1025: the filter pattern is 1025 characters long; the maximum is 1024');
  });

  it(`refuses parentheses nested more than ${FILTER_PATTERN_MAX_DEPTH} deep`, () => {
    const nested = (depth: number): string => `{ ${'('.repeat(depth)}$.a = 1${')'.repeat(depth)} }`;
    expect(parseFilterPattern(nested(FILTER_PATTERN_MAX_DEPTH)).test('{"a": 1}')).toBe(true);
    const error = limitError(nested(FILTER_PATTERN_MAX_DEPTH + 1));
    expect(error.limit).toBe('nesting');
    expect(error.position).toBe(3 + FILTER_PATTERN_MAX_DEPTH);
    expect(() => parseFilterPattern(`[a = 1 && ${'('.repeat(100)}a = 1${')'.repeat(100)}]`)).toThrow(PatternLimitError);
  });

  it(`refuses repetition counts above ${REGEX_MAX_REPEAT} and expressions above ${REGEX_MAX_STATES} states`, () => {
    expect(parseFilterPattern(`%^a{${REGEX_MAX_REPEAT}}$%`).test('a'.repeat(REGEX_MAX_REPEAT))).toBe(true);
    expect(limitError(`%a{${REGEX_MAX_REPEAT + 1}}%`).limit).toBe('regexRepeat');
    expect(limitError('%a{0,1001}%').limit).toBe('regexRepeat');
    const big = limitError('%.{1000}.{1000}.{1000}%');
    expect(big.limit).toBe('regexStates');
    expect(big.position).toBe(1);
  });
});
