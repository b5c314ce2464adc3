import type { z } from 'zod';
import { formatPath, type Diagnostic } from '../core/diagnostics.ts';

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function describe(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (typeof input === 'function') return 'a function';
  try {
    const s = JSON.stringify(input);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return typeof input;
  }
}

/** Turns one zod issue into a sentence a human understands: `expected a number, got "high"`. */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `required field is missing (expected ${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, got ${describe(input)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`;
    case 'invalid_union':
      return `${issue.message}, got ${describe(input)}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Maps a failed zod parse to diagnostics for `file`, prefixing paths with `basePath`. */
export function zodDiagnostics(
  file: string,
  error: z.ZodError,
  root: unknown,
  basePath: ReadonlyArray<PropertyKey> = [],
): Diagnostic[] {
  return error.issues.map((issue) => ({
    file,
    path: formatPath([...basePath, ...issue.path]),
    message: issueMessage(issue, valueAt(root, issue.path)),
  }));
}
