import { PatternSyntaxError } from './pattern-syntax-error.ts';
import type { TokenCursor } from './token-cursor.ts';

/**
 * `a || b && (c || d)`: `&&` binds tighter than `||`, both left to right, and parentheses group, as CloudWatch's
 * JSON and space-delimited conditions do. `primary` parses one comparison; `node` builds the caller's `and` / `or`
 * node.
 */
export function parseBoolean<C extends { readonly position: number }>(
  cursor: TokenCursor,
  primary: () => C,
  node: (type: 'and' | 'or', operands: C[], position: number) => C,
): C {
  const operand = (): C => {
    const token = cursor.peek();
    if (token.kind !== 'lparen') return primary();
    cursor.next();
    cursor.enter(token);
    const inner = expression();
    const close = cursor.peek();
    if (close.kind !== 'rparen') throw new PatternSyntaxError(close.position, "'&&', '||' or ')'", close.text);
    cursor.next();
    cursor.leave();
    return inner;
  };
  const chain = (kind: 'and' | 'or', next: () => C): C => {
    const first = next();
    const operands = [first];
    while (cursor.is(kind)) {
      cursor.next();
      operands.push(next());
    }
    return operands.length === 1 ? first : node(kind, operands, first.position);
  };
  const expression = (): C => chain('or', () => chain('and', operand));
  return expression();
}
