/**
 * Parser for space-delimited patterns ("Using Metric Filters to Extract Values from Space-Delimited Log Events",
 * CloudWatch Logs user guide):
 *
 *   pattern   := "[" field ( "," field )* "]" EOF
 *   field     := (empty) | "..." | name | or
 *   or        := and ( "||" and )*
 *   and       := primary ( "&&" primary )*
 *   primary   := "(" or ")" | name operator value
 *
 * `[ip, user, username, timestamp, request, status_code, bytes]` names seven fields; `...` stands for any number of
 * fields (at most once, as in the AWS CDK's `spaceDelimited`); `[w1=ERROR || w1=WARN, w2]` adds conditions. A field
 * is named by the first name in it; a condition may test any field named in the pattern
 * (`status_code = 4* && status_code != 403`), and naming a field the pattern does not have is an error. Names are
 * letters, digits and `_`, not starting with a digit (so they cannot be confused with the positional `$1`, `$2`…),
 * and unique. An empty field (`[a, , b]`, or the trailing `,]` of the guide's `[..., request=*.html*, status_code=4*,]`)
 * matches any message field and is extracted under its position.
 */
import type { DelimitedField, EllipsisField, FieldComparison, FieldCondition, SpaceDelimitedPattern } from './ast.ts';
import { parseValue } from './parse-value.ts';
import { parseBoolean } from './parse-boolean.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';
import { TokenCursor } from './token-cursor.ts';
import { tokenizePattern, type Token } from './tokenize.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD_NAME = 'a field name (letters, digits and _, not starting with a digit)';

function walk(condition: FieldCondition, visit: (comparison: FieldComparison) => void): void {
  if (condition.type === 'compare') visit(condition);
  else for (const operand of condition.operands) walk(operand, visit);
}

class SpaceDelimitedParser {
  private readonly cursor: TokenCursor;

  constructor(text: string) {
    this.cursor = new TokenCursor(tokenizePattern(text));
  }

  parse(): SpaceDelimitedPattern {
    this.cursor.expect('lbracket', "'['");
    const fields: (DelimitedField | EllipsisField)[] = [];
    let ellipsis: Token | undefined;
    for (;;) {
      const start = this.cursor.peek();
      if (start.kind === 'ellipsis') {
        if (ellipsis !== undefined) {
          throw new PatternSyntaxError(
            start.position,
            'at most one ...',
            start.text,
            `'...' may appear only once in a space-delimited pattern (the first is at position ${ellipsis.position})`,
          );
        }
        ellipsis = start;
        this.cursor.next();
        fields.push({ kind: 'ellipsis', position: start.position });
      } else if (start.kind === 'comma' || start.kind === 'rbracket') {
        if (start.kind === 'rbracket' && fields.length === 0) {
          throw new PatternSyntaxError(start.position, `${FIELD_NAME} or '...'`, start.text);
        }
        fields.push({ kind: 'field', name: null, condition: null, position: start.position });
      } else {
        fields.push(this.parseField());
      }
      const separator = this.cursor.peek();
      if (separator.kind === 'rbracket') {
        this.cursor.next();
        break;
      }
      if (separator.kind !== 'comma') {
        throw new PatternSyntaxError(separator.position, "',', '&&', '||' or ']'", separator.text);
      }
      this.cursor.next();
    }
    const end = this.cursor.peek();
    if (end.kind !== 'eof') {
      throw new PatternSyntaxError(end.position, "the end of the pattern after ']'", end.text);
    }
    this.checkNames(fields);
    return { type: 'spaceDelimited', fields };
  }

  private checkNames(fields: readonly (DelimitedField | EllipsisField)[]): void {
    const names = new Map<string, number>();
    for (const field of fields) {
      if (field.kind !== 'field' || field.name === null) continue;
      const earlier = names.get(field.name);
      if (earlier !== undefined) {
        throw new PatternSyntaxError(
          field.position,
          'a field name not used before',
          field.name,
          `field name '${field.name}' is already used by the field at position ${earlier}`,
        );
      }
      names.set(field.name, field.position);
    }
    for (const field of fields) {
      if (field.kind !== 'field' || field.condition === null) continue;
      walk(field.condition, (comparison) => {
        if (!names.has(comparison.field)) {
          throw new PatternSyntaxError(
            comparison.position,
            'the name of a field of this pattern',
            comparison.field,
            `'${comparison.field}' is not a field of this pattern; a condition can only test fields the pattern names`,
          );
        }
      });
    }
  }

  private parseField(): DelimitedField {
    const start = this.cursor.peek();
    const next = this.cursor.peek(1);
    if (start.kind === 'word' && (next.kind === 'comma' || next.kind === 'rbracket')) {
      this.cursor.next();
      return { kind: 'field', name: this.name(start), condition: null, position: start.position };
    }
    const condition = this.parseOr();
    let first: FieldComparison | undefined;
    walk(condition, (comparison) => {
      first ??= comparison;
    });
    // parseOr always yields at least one comparison.
    const name = first?.field ?? '';
    return { kind: 'field', name, condition, position: start.position };
  }

  private name(token: Token): string {
    if (token.kind !== 'word' || !NAME.test(token.text)) {
      throw new PatternSyntaxError(token.position, FIELD_NAME, token.text);
    }
    return token.text;
  }

  private parseOr(): FieldCondition {
    return parseBoolean<FieldCondition>(
      this.cursor,
      () => this.parsePrimary(),
      (type, operands, position) => ({ type, operands, position }),
    );
  }

  private parsePrimary(): FieldCondition {
    const token = this.cursor.peek();
    const name = this.name(token);
    this.cursor.next();
    const operator = this.cursor.peek();
    if (operator.kind !== 'operator') {
      throw new PatternSyntaxError(
        operator.position,
        `a comparison operator (=, !=, <, <=, >, >=) after ${name}`,
        operator.text,
      );
    }
    this.cursor.next();
    const op = operator.text as FieldComparison['operator'];
    const value = this.cursor.counted(parseValue(this.cursor.peek(), op, name));
    this.cursor.next();
    return { type: 'compare', field: name, operator: op, value, position: token.position };
  }
}

/** Parses a pattern whose first non-blank character is `[`. */
export function parseSpaceDelimited(text: string): SpaceDelimitedPattern {
  return new SpaceDelimitedParser(text).parse();
}
