/**
 * `key=value` words of `canary fault inject <type> …` as a fault spec: each value is parsed as the plugin's schema
 * wants it (a number, a boolean, a comma-separated list); a bare `key` means `key=true`.
 */
import type { z } from 'zod';

type Kind = 'number' | 'boolean' | 'string' | { list: Kind } | 'any';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType): z.ZodType {
  for (let d = defOf(s); ; d = defOf(s)) {
    if (d.type === 'pipe' && d.in) s = d.in;
    else if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(d.type) && d.innerType)
      s = d.innerType;
    else return s;
  }
}

function kindOf(s: z.ZodType): Kind {
  const d = defOf(unwrap(s));
  if (d.type === 'number' || d.type === 'int') return 'number';
  if (d.type === 'boolean') return 'boolean';
  if (d.type === 'array' && d.element) return { list: kindOf(d.element) };
  if (d.type === 'union' && d.options) {
    const kinds = d.options.map(kindOf);
    return kinds.every((k) => k === kinds[0]) ? (kinds[0] ?? 'any') : 'any';
  }
  if (d.type === 'string' || d.type === 'enum' || d.type === 'literal') return 'string';
  return 'any';
}

/** The fields of an object schema and the kind of value each takes. */
export function fieldKinds(schema: z.ZodType): Map<string, Kind> {
  const d = defOf(unwrap(schema));
  return new Map(Object.entries(d.shape ?? {}).map(([k, v]) => [k, kindOf(v)]));
}

const BOOL: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  '1': true,
  false: false,
  no: false,
  off: false,
  '0': false,
};

function coerce(text: string, kind: Kind): unknown {
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  if (kind === 'boolean') return BOOL[text.trim().toLowerCase()] ?? text;
  if (kind === 'string') return text;
  if (kind === 'any') return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : (BOOL[text] ?? text);
  return text === '' ? [] : text.split(',').map((t) => coerce(t.trim(), kind.list));
}

export type FaultArgs =
  { ok: true; spec: Record<string, unknown> & { type: string } } | { ok: false; errors: string[] };

export function parseFaultArgs(type: string, words: readonly string[], schema: z.ZodType): FaultArgs {
  const kinds = fieldKinds(schema);
  const spec: Record<string, unknown> & { type: string } = { type };
  const errors: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq === -1 ? word : word.slice(0, eq);
    if (!/^[A-Za-z][\w-]*$/.test(key)) {
      errors.push(`"${word}": expected key=value`);
      continue;
    }
    if (key === 'type') {
      errors.push('type: give the type as the first argument, not as type=');
      continue;
    }
    if (!kinds.has(key)) {
      const known = [...kinds.keys()].filter((k) => k !== 'type');
      errors.push(`${key}: not a setting of ${type} faults (settings: ${known.join(', ')})`);
      continue;
    }
    const kind = kinds.get(key) ?? 'any';
    spec[key] = eq === -1 ? (kind === 'boolean' || kind === 'any' ? true : '') : coerce(word.slice(eq + 1), kind);
  }
  return errors.length ? { ok: false, errors } : { ok: true, spec };
}
