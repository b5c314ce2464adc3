import { z } from 'zod';
import { jsonPathError } from './json-path.ts';
import { oneOfKeys } from './one-of-keys.ts';

export function regexError(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`;
  }
}

export const jsonPathString = z.string().superRefine((path, ctx) => {
  const problem = jsonPathError(path);
  if (problem) ctx.addIssue(problem);
});

/** An HTTP header name (RFC 9110 token); compared case-insensitively. */
export const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name');

const statusCode = z
  .int({ error: 'expected an HTTP status code' })
  .min(100, 'expected an HTTP status code from 100 to 599')
  .max(599, 'expected an HTTP status code from 100 to 599');

/** `200`, `[200, 204]`, `'2xx'` or `{ min: 200, max: 299 }`. */
export const statusMatcher = z.union(
  [
    statusCode,
    z.array(statusCode).min(1, 'expected at least one status code'),
    z.string().regex(/^[1-5]xx$/, 'expected a status class such as "2xx"'),
    z
      .strictObject({ min: statusCode, max: statusCode })
      .refine((r) => r.min <= r.max, { error: 'max must not be below min', path: ['max'] }),
  ],
  { error: 'expected a status code (200), a list ([200, 204]), a class ("2xx") or a range ({ min: 200, max: 299 })' },
);

const JSON_OPS = ['exists', 'equals', 'notEquals', 'contains', 'matches', '<', '<=', '>', '>=', '==', '!='] as const;
const ALIASES = { '==': 'equals', '!=': 'notEquals' } as const;
type JsonOp = Exclude<(typeof JSON_OPS)[number], keyof typeof ALIASES>;
const COMPARE_OPS = ['<', '<=', '>', '>='] as const;

/** Checks that `value` suits `op`; issues go to `value`. */
function checkValue(op: string, value: unknown, ctx: z.RefinementCtx): void {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message, path: ['value'] });
  if (op === 'exists') {
    if (value !== undefined) problem('op "exists" takes no value');
  } else if (value === undefined) {
    problem(`required for op "${op}"`);
  } else if (op === 'matches') {
    const bad = typeof value === 'string' ? regexError(value) : 'expected a regular expression as a string';
    if (bad) problem(bad);
  } else if ((COMPARE_OPS as readonly string[]).includes(op) && typeof value !== 'number') {
    problem(`expected a number to compare with, got ${JSON.stringify(value)}`);
  }
}

const jsonPathAssertion = z
  .strictObject({
    jsonPath: jsonPathString,
    op: z.enum(JSON_OPS).default('exists'),
    /** A JSON value to compare with. */
    value: z.unknown().optional(),
  })
  .superRefine((a, ctx) => checkValue(a.op, a.value, ctx))
  .transform((a) => ({
    jsonPath: a.jsonPath,
    op: (a.op in ALIASES ? ALIASES[a.op as keyof typeof ALIASES] : a.op) as JsonOp,
    value: a.value,
  }));

const headerAssertion = z
  .strictObject({
    header: headerName,
    op: z.enum(['exists', 'equals', 'contains', 'matches']).optional(),
    value: z.string().optional(),
  })
  .superRefine((a, ctx) => checkValue(a.op ?? (a.value === undefined ? 'exists' : 'equals'), a.value, ctx))
  .transform((a) => ({
    header: a.header.toLowerCase(),
    op: a.op ?? (a.value === undefined ? 'exists' : 'equals'),
    value: a.value ?? '',
  }));

const bodyAssertion = z
  .strictObject({
    body: z.enum(['contains', 'matches']),
    value: z.string(),
  })
  .superRefine((a, ctx) => checkValue(a.body, a.value, ctx));

const responseTimeAssertion = z.strictObject({
  responseTimeMs: z.enum(COMPARE_OPS),
  value: z.number().nonnegative(),
});

/** One entry of a request's `assert` list; its kind is the key it has. */
export const assertionSchema = oneOfKeys('an assertion', {
  status: z.strictObject({ status: statusMatcher }),
  header: headerAssertion,
  jsonPath: jsonPathAssertion,
  body: bodyAssertion,
  responseTimeMs: responseTimeAssertion,
});

export type Assertion = z.output<typeof assertionSchema>;
export type StatusMatcher = z.output<typeof statusMatcher>;

/** `extract: { token: '$.token', etag: { header: 'etag' } }`: a JSONPath into the response body, or a header. */
export const extractionSchema = oneOfKeys(
  'an extraction',
  {
    jsonPath: z.strictObject({ jsonPath: jsonPathString }),
    header: z.strictObject({ header: headerName.transform((h) => h.toLowerCase()) }),
  },
  'jsonPath',
);

export type Extraction = z.output<typeof extractionSchema>;
