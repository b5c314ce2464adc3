import type { z } from 'zod';
import type { Diagnostic } from '../core/diagnostics.ts';
import { configSchema, type ResolvedConfig } from './config-schema.ts';
import { zodDiagnostics } from './zod-issues.ts';

type Section = keyof ResolvedConfig;
type Element<K extends 'alarms' | 'compositeAlarms'> = ResolvedConfig[K][number];

/** An array entry that parsed, with its index in the file (diagnostics and source paths name it). */
export interface Indexed<T> {
  index: number;
  value: T;
}

export interface ParsedConfig {
  /** The config; sections that failed hold their defaults, so it is only usable as a whole when `ok`. */
  config: ResolvedConfig;
  ok: boolean;
  /** Top-level sections that did not parse (their defaults stand in for them). */
  failed: ReadonlySet<string>;
  /** Config alarms and composites that parsed, each with its index, also when some of their neighbours did not. */
  alarms: Array<Indexed<Element<'alarms'>>>;
  compositeAlarms: Array<Indexed<Element<'compositeAlarms'>>>;
  /** Every action name written in the config, valid or not: references to a broken action are not "unknown". */
  actionNames: ReadonlySet<string>;
  /** Every alarm and composite name written in the config (valid or not), for cross-references. */
  alarmNames: ReadonlySet<string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The `name` an entry declares, whether or not the rest of it is valid. */
export function declaredName(raw: unknown): string | undefined {
  return isRecord(raw) && typeof raw.name === 'string' ? raw.name : undefined;
}

function parseEach<T>(schema: z.ZodType<T>, raw: unknown): Array<Indexed<T>> {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown, index) => {
    const r = schema.safeParse(item);
    return r.success ? [{ index, value: r.data }] : [];
  });
}

/**
 * Parses `canary.config.ts` in one pass that reports every schema problem, then keeps whatever did parse
 * (each top-level section on its own; alarms, composites and actions entry by entry) so the later checks
 * (action fields, DNS targets, references, rules) still run on it and report their problems in the same round.
 */
export function parseConfig(file: string, raw: unknown, out: Diagnostic[]): ParsedConfig {
  const input = isRecord(raw) ? raw : {};
  const rawActions = isRecord(input.actions) ? input.actions : {};
  const actionNames = new Set(Object.keys(rawActions));
  const alarmNames = new Set(
    [input.alarms, input.compositeAlarms].flatMap((list) =>
      Array.isArray(list) ? list.map(declaredName).filter((n): n is string => n !== undefined) : [],
    ),
  );
  const whole = configSchema.safeParse(raw);
  if (whole.success) {
    const config = whole.data;
    return {
      config,
      ok: true,
      failed: new Set(),
      alarms: config.alarms.map((value, index) => ({ index, value })),
      compositeAlarms: config.compositeAlarms.map((value, index) => ({ index, value })),
      actionNames,
      alarmNames,
    };
  }
  out.push(...zodDiagnostics(file, whole.error, raw));
  const shape = configSchema.shape;
  const failed = new Set<string>();
  const sections: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as Section[]) {
    const r = (shape[key] as z.ZodType).safeParse(input[key]);
    if (r.success) sections[key] = r.data;
    else failed.add(key);
  }
  const defaults = configSchema.parse({});
  const config = { ...defaults, ...sections } as ResolvedConfig;
  if (failed.has('actions')) {
    // The record's own schema only asks for a `type`; keep the entries that have one, for their plugin's checks.
    config.actions = Object.fromEntries(
      Object.entries(rawActions).filter(
        (e): e is [string, { type: string }] => e[0] !== '' && isRecord(e[1]) && typeof e[1].type === 'string',
      ),
    );
  }
  const alarms = failed.has('alarms')
    ? parseEach(shape.alarms.unwrap().element, input.alarms)
    : config.alarms.map((value, index) => ({ index, value }));
  const compositeAlarms = failed.has('compositeAlarms')
    ? parseEach(shape.compositeAlarms.unwrap().element, input.compositeAlarms)
    : config.compositeAlarms.map((value, index) => ({ index, value }));
  return { config, ok: false, failed, alarms, compositeAlarms, actionNames, alarmNames };
}
