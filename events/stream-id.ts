/** Redis stream ids (`<ms>-<seq>`): parsing, ordering, and the `'$'` / `'0'` shorthands. */

const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/** True for a full or partial stream id (`1718000000000-3`, `1718000000000`, `0`). */
export function isStreamId(s: string): boolean {
  return ID.test(s);
}

/** The full form of an id (`'5'` → `'5-0'`); throws on anything that is not one. */
export function normaliseStreamId(s: string): string {
  const m = ID.exec(s);
  if (!m) throw new Error(`not an event stream id: "${s}" (expected <ms>-<seq>, for example 1718000000000-0)`);
  return `${BigInt(m[1] as string)}-${BigInt(m[2] ?? '0')}`;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = parts(a);
  const [bm, bs] = parts(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

function parts(id: string): [bigint, bigint] {
  const [ms, seq] = normaliseStreamId(id).split('-');
  return [BigInt(ms as string), BigInt(seq as string)];
}
