/**
 * Thrown by `parseFilterPattern` for any pattern it cannot accept. `position` is **1-based** (the first character of
 * the pattern is position 1; the pattern length + 1 means "at the end"), like the composite alarm rule parser's
 * `AlarmRuleSyntaxError`. The message reads e.g.
 * `position 12: expected a comparison operator (=, !=, <, <=, >, >=) after $.status, found '500'`.
 */
export class PatternSyntaxError extends Error {
  /** 1-based character index in the pattern where the problem is (pattern length + 1 at the end of the pattern). */
  readonly position: number;
  /** What the parser expected there, e.g. `a comparison operator (=, !=, <, <=, >, >=) after $.status`. */
  readonly expected: string;
  /** The offending text as written (`''` at the end of the pattern). */
  readonly found: string;

  constructor(position: number, expected: string, found: string, message?: string) {
    const at = found === '' ? 'the end of the pattern' : `'${found}'`;
    super(`position ${position}: ${message ?? `expected ${expected}, found ${at}`}`);
    this.name = 'PatternSyntaxError';
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}

/** Which limit a {@link PatternLimitError} is about. */
export type PatternLimit = 'length' | 'regexCount' | 'nesting' | 'regexRepeat' | 'regexStates';

/** A pattern that is well formed but exceeds one of the limits in `limits.ts`. */
export class PatternLimitError extends PatternSyntaxError {
  readonly limit: PatternLimit;

  constructor(limit: PatternLimit, position: number, found: string, message: string) {
    super(position, 'a pattern within the limits', found, message);
    this.name = 'PatternLimitError';
    this.limit = limit;
  }
}
