/**
 * Parser for JSON patterns ("Matching Terms in JSON Log Events", CloudWatch Logs user guide):
 *
 *   pattern    := "{" or "}" EOF
 *   or         := and ( "||" and )*
 *   and        := primary ( "&&" primary )*
 *   primary    := "(" or ")" | selector test
 *   test       := operator value | "IS" "NULL" | "IS" "TRUE" | "IS" "FALSE" | "NOT" "EXISTS"
 *   operator   := "=" | "!=" | "<" | "<=" | ">" | ">="
 *   value      := number | word | "quoted string" | %regex%
 *
 * so `&&` binds tighter than `||` ("the syntax follows standard order of operations () > && > ||"). `<`, `<=`, `>`
 * and `>=` need a number. Keywords are matched case-insensitively (the guide writes them in upper case).
 */
import type { JsonCondition, JsonPattern, JsonSelector } from './ast.ts';
import { parseSelector } from './parse-selector.ts';
import { parseValue } from './parse-value.ts';
import { parseBoolean } from './parse-boolean.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';
import { TokenCursor } from './token-cursor.ts';
import { tokenizePattern, type Token } from './tokenize.ts';

const OPERATORS = 'a comparison operator (=, !=, <, <=, >, >=)';
const TESTS = `${OPERATORS}, IS NULL, IS TRUE, IS FALSE or NOT EXISTS`;

function keyword(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === word;
}

class JsonParser {
  private readonly cursor: TokenCursor;
  private readonly selectors = new Map<string, JsonSelector>();

  constructor(text: string) {
    this.cursor = new TokenCursor(tokenizePattern(text));
  }

  parse(): JsonPattern {
    this.cursor.expect('lbrace', "'{'");
    const condition = this.parseOr();
    const close = this.cursor.peek();
    if (close.kind !== 'rbrace') {
      throw new PatternSyntaxError(close.position, "'&&', '||' or '}'", close.text);
    }
    this.cursor.next();
    const end = this.cursor.peek();
    if (end.kind !== 'eof') {
      throw new PatternSyntaxError(end.position, "the end of the pattern after '}'", end.text);
    }
    return { type: 'json', condition, selectors: [...this.selectors.values()] };
  }

  private parseOr(): JsonCondition {
    return parseBoolean<JsonCondition>(
      this.cursor,
      () => this.parsePrimary(),
      (type, operands, position) => ({ type, operands, position }),
    );
  }

  private parsePrimary(): JsonCondition {
    const token = this.cursor.peek();
    if (token.kind !== 'selector') {
      throw new PatternSyntaxError(token.position, "a property selector such as $.eventType, or '('", token.text);
    }
    this.cursor.next();
    const selector = parseSelector(token.text, token.position);
    if (!this.selectors.has(selector.text)) this.selectors.set(selector.text, selector);
    const next = this.cursor.peek();
    if (next.kind === 'operator') {
      this.cursor.next();
      const operator = next.text as '=' | '!=' | '<' | '<=' | '>' | '>=';
      const value = this.cursor.counted(parseValue(this.cursor.peek(), operator, selector.text));
      this.cursor.next();
      return { type: 'compare', selector, operator, value, position: token.position };
    }
    if (keyword(next, 'IS') || keyword(next, 'NOT')) {
      this.cursor.next();
      const what = this.cursor.peek();
      const isIs = keyword(next, 'IS');
      const test = isIs
        ? keyword(what, 'NULL')
          ? 'isNull'
          : keyword(what, 'TRUE')
            ? 'isTrue'
            : keyword(what, 'FALSE')
              ? 'isFalse'
              : undefined
        : keyword(what, 'EXISTS')
          ? 'notExists'
          : undefined;
      if (test === undefined) {
        throw new PatternSyntaxError(
          what.position,
          isIs ? `NULL, TRUE or FALSE after ${selector.text} IS` : `EXISTS after ${selector.text} NOT`,
          what.text,
        );
      }
      this.cursor.next();
      return { type: 'test', selector, test, position: token.position };
    }
    throw new PatternSyntaxError(next.position, `${TESTS} after ${selector.text}`, next.text);
  }
}

/** Parses a pattern whose first non-blank character is `{`. */
export function parseJsonPattern(text: string): JsonPattern {
  return new JsonParser(text).parse();
}
