import { HttpError } from './http-error.ts';

/** An optional integer query parameter in [1, max], or a 400 naming it. */
export function intParam(value: unknown, name: string, def: number, max: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new HttpError(
      400,
      `query parameter "${name}" must be an integer between 1 and ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** An optional query parameter given at most once, or a 400 naming it. */
export function textParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `query parameter "${name}" must be given once`);
  return value;
}
