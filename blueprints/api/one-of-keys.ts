import { z } from 'zod';

type Kinds = Record<string, z.ZodType>;
type InputOf<T extends Kinds> = { [K in keyof T]: z.input<T[K]> }[keyof T];
type OutputOf<T extends Kinds> = { [K in keyof T]: z.output<T[K]> }[keyof T];

/**
 * An object whose kind is told by which key it has (`{ status: … }`, `{ header: … }`). Unlike a zod union it
 * validates the input with the one matching schema, so every problem keeps its exact place
 * (`assert[2].op: expected one of …`) instead of becoming "invalid input".
 * With `shorthand`, a plain string stands for `{ [shorthand]: string }`.
 */
export function oneOfKeys<T extends Kinds, S extends keyof T & string = never>(what: string, kinds: T, shorthand?: S) {
  const keys = Object.keys(kinds);
  type In = InputOf<T> | ([S] extends [never] ? never : string);
  return z.custom<In>().transform((raw, ctx): OutputOf<T> => {
    const short = shorthand !== undefined && typeof raw === 'string';
    const input: unknown = short ? { [shorthand]: raw } : raw;
    const present =
      input !== null && typeof input === 'object' && !Array.isArray(input) ? keys.filter((k) => k in input) : [];
    const key = present[0];
    if (key === undefined || present.length > 1) {
      const expected = `expected ${what}: an object with one of ${keys.map((k) => `"${k}"`).join(', ')}${shorthand ? ', or a string' : ''}`;
      ctx.addIssue({
        code: 'custom',
        message: present.length > 1 ? `${expected}, not several (${present.join(', ')})` : expected,
        input: raw,
      });
      return z.NEVER;
    }
    const parsed = (kinds[key] as z.ZodType).safeParse(input);
    if (parsed.success) return parsed.data as OutputOf<T>;
    for (const issue of parsed.error.issues) {
      // A shorthand string's problems belong to the string itself, not to the key it stands for.
      const path = short && issue.path[0] === shorthand ? issue.path.slice(1) : issue.path;
      ctx.addIssue({ ...issue, path });
    }
    return z.NEVER;
  });
}
