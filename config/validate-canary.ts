import { createHash } from 'node:crypto';
import { z } from 'zod';
import { findBlueprint, blueprints } from '../blueprints/index.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { parseSchedule } from '../core/schedule.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import { metricAlarmSchema } from './alarm-schema.ts';
import { declaredName } from './parse-config.ts';
import { canaryBaseKeys, canaryBaseSchema } from './canary-schema.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import { resolveAlarm } from './resolve-alarm.ts';
import { zodDiagnostics } from './zod-issues.ts';

export interface CanaryValidation {
  definition: CanaryDefinition | undefined;
  /** The canary's name and its valid alarms, known even when other fields are invalid, for cross-file checks. */
  name: string | undefined;
  alarms: MetricAlarmDefinition[];
  /** Every alarm that parsed, also in a canary without a valid name (for the action-reference check). */
  parsedAlarms: MetricAlarmDefinition[];
  /** Every alarm name written in the file, valid or not, for cross-references from composites. */
  alarmNames: string[];
  /** The blueprint settings when they parsed (with the blueprint's name), for the blueprint's project checks. */
  settings?: { blueprint: string; value: unknown };
}

/** Validates one canary file's default export; pushes every problem into `out`. */
export function validateCanary(file: string, raw: unknown, out: Diagnostic[], absFile = file): CanaryValidation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    out.push({ file, path: '', message: 'expected a default export made with defineCanary({...})' });
    return { definition: undefined, name: undefined, alarms: [], parsedAlarms: [], alarmNames: [] };
  }
  const input = raw as Record<string, unknown>;
  const before = out.length;
  const base = canaryBaseSchema.safeParse(input);
  if (!base.success) out.push(...zodDiagnostics(file, base.error, input));

  const blueprintName = input.blueprint;
  const blueprint = typeof blueprintName === 'string' ? findBlueprint(blueprintName) : undefined;
  if (typeof blueprintName === 'string' && !blueprint) {
    out.push({
      file,
      path: 'blueprint',
      message: `unknown blueprint "${blueprintName}": expected one of ${Object.keys(blueprints).join(', ')}`,
    });
  }
  let settings: unknown;
  let settingsOk = false;
  if (blueprint) {
    const shape =
      blueprint.settings instanceof z.ZodObject ? (blueprint.settings.shape as Record<string, unknown>) : {};
    for (const key of Object.keys(input)) {
      if (!canaryBaseKeys.has(key) && !(key in shape)) {
        out.push({ file, path: key, message: `unknown field for blueprint "${blueprint.name}"` });
      }
    }
    const parsed = blueprint.settings.safeParse(input);
    if (parsed.success) {
      settings = parsed.data;
      settingsOk = true;
    } else out.push(...zodDiagnostics(file, parsed.error, input));
  }
  let schedule;
  if (typeof input.schedule === 'string') {
    try {
      schedule = parseSchedule(input.schedule);
    } catch (err) {
      out.push({ file, path: 'schedule', message: (err as Error).message });
    }
  }
  const name = typeof input.name === 'string' ? input.name : undefined;
  const rawAlarms: unknown[] = Array.isArray(input.alarms) ? input.alarms : [];
  const parsedAlarms = rawAlarms.flatMap((a: unknown, i) => {
    const parsed = metricAlarmSchema.safeParse(a);
    return parsed.success ? [resolveAlarm(parsed.data, file, i, name ?? '')] : [];
  });
  const alarms = name ? parsedAlarms : [];
  const alarmNames = rawAlarms.map(declaredName).filter((n): n is string => n !== undefined);
  const partial = {
    name,
    alarms,
    parsedAlarms,
    alarmNames,
    ...(blueprint && settingsOk ? { settings: { blueprint: blueprint.name, value: settings } } : {}),
  };
  if (out.length > before || !base.success || !schedule || !blueprint) return { definition: undefined, ...partial };
  const c = base.data;
  const hash = createHash('sha256').update(JSON.stringify({ c, settings, schedule })).digest('hex').slice(0, 16);
  return {
    ...partial,
    definition: {
      name: c.name,
      blueprint: blueprint.name,
      schedule,
      timeoutMs: Math.round(c.timeout * 1000),
      settings,
      alarms,
      tags: c.tags,
      file,
      absFile,
      hash,
    },
  };
}
