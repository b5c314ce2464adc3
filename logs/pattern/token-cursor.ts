import type { ComparisonValue } from './ast.ts';
import { FILTER_PATTERN_MAX_DEPTH, FILTER_PATTERN_MAX_REGEX } from './limits.ts';
import { PatternLimitError, PatternSyntaxError } from './pattern-syntax-error.ts';
import type { Token, TokenKind } from './tokenize.ts';

/** Walks the tokens of a JSON or space-delimited pattern, with the guards both parsers share. */
export class TokenCursor {
  private index = 0;
  private depth = 0;
  private regexCount = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    // The list always ends with eof and the cursor never moves past it.
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  is(kind: TokenKind): boolean {
    return this.peek().kind === kind;
  }

  expect(kind: TokenKind, expected: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw new PatternSyntaxError(token.position, expected, token.text);
    return this.next();
  }

  /** Call on `(`; pair with {@link leave}. */
  enter(token: Token): void {
    this.depth++;
    if (this.depth > FILTER_PATTERN_MAX_DEPTH) {
      throw new PatternLimitError(
        'nesting',
        token.position,
        token.text,
        `parentheses nest more than ${FILTER_PATTERN_MAX_DEPTH} levels deep`,
      );
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Counts regular expressions: CloudWatch allows two in one JSON or space-delimited pattern. */
  counted(value: ComparisonValue): ComparisonValue {
    if (value.kind === 'regex') {
      this.regexCount++;
      if (this.regexCount > FILTER_PATTERN_MAX_REGEX) {
        throw new PatternLimitError(
          'regexCount',
          value.position,
          `%${value.regex.source}%`,
          `a JSON or space-delimited pattern can contain at most ${FILTER_PATTERN_MAX_REGEX} regular expressions`,
        );
      }
    }
    return value;
  }
}
