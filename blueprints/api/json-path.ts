import { query, type JsonValue } from 'jsonpath-rfc9535';

/**
 * JSONPath as in RFC 9535 (`$.orders[0].id`, `$..id`, `$.items[?@.price > 10]`), plus one extension:
 * a trailing `.length` on a path that has no member named `length` gives the length of the arrays
 * (and strings) it selects, so `$.orders.length` is the number of orders.
 */

/** Why `path` is not a valid JSONPath, or undefined when it is. */
export function jsonPathError(path: string): string | undefined {
  try {
    query(null, path);
    return undefined;
  } catch (err) {
    const e = err as { message?: string; location?: { start?: { offset?: number } } };
    const at = e.location?.start?.offset;
    return `invalid JSONPath ${JSON.stringify(path)}${at === undefined ? '' : ` at character ${at + 1}`}: ${e.message ?? String(err)}`;
  }
}

/** Every value `path` selects in `doc`, in document order (an empty list when nothing matches). */
export function selectAll(doc: unknown, path: string): unknown[] {
  const found = query(doc as JsonValue, path);
  if (found.length > 0) return found;
  const base = /^(.+)\.length$/.exec(path)?.[1];
  if (base === undefined || jsonPathError(base) !== undefined) return found;
  return query(doc as JsonValue, base).flatMap((v) => (Array.isArray(v) || typeof v === 'string' ? [v.length] : []));
}
