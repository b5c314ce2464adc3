import type { TokenCursor } from './token-cursor.ts';

/**
 * `a || b && c`: `&&` binds tighter than `||`, both left to right, as CloudWatch's JSON and space-delimited
 * conditions do. `primary` parses one operand (a comparison, or a parenthesised group); `node` builds the
 * caller's `and` / `or` node.
 */
export function parseBoolean<C extends { readonly position: number }>(
  cursor: TokenCursor,
  primary: () => C,
  node: (type: 'and' | 'or', operands: C[], position: number) => C,
): C {
  const chain = (kind: 'and' | 'or', operand: () => C): C => {
    const first = operand();
    const operands = [first];
    while (cursor.is(kind)) {
      cursor.next();
      operands.push(operand());
    }
    return operands.length === 1 ? first : node(kind, operands, first.position);
  };
  return chain('or', () => chain('and', primary));
}
