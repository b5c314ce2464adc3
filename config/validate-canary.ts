import { createHash } from 'node:crypto';
import { z } from 'zod';
import { findBlueprint, blueprints } from '../blueprints/index.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { parseSchedule } from '../core/schedule.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import { metricAlarmSchema } from './alarm-schema.ts';
import { canaryBaseKeys, canaryBaseSchema } from './canary-schema.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import { resolveAlarm } from './resolve-alarm.ts';
import { zodDiagnostics } from './zod-issues.ts';

export interface CanaryValidation {
  definition: CanaryDefinition | undefined;
  /** The canary's name and its valid alarms, known even when other fields are invalid, for cross-file checks. */
  name: string | undefined;
  alarms: MetricAlarmDefinition[];
}

/** Validates one canary file's default export; pushes every problem into `out`. */
export function validateCanary(file: string, raw: unknown, out: Diagnostic[], absFile = file): CanaryValidation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    out.push({ file, path: '', message: 'expected a default export made with defineCanary({...})' });
    return { definition: undefined, name: undefined, alarms: [] };
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
  if (blueprint) {
    const shape =
      blueprint.settings instanceof z.ZodObject ? (blueprint.settings.shape as Record<string, unknown>) : {};
    for (const key of Object.keys(input)) {
      if (!canaryBaseKeys.has(key) && !(key in shape)) {
        out.push({ file, path: key, message: `unknown field for blueprint "${blueprint.name}"` });
      }
    }
    const parsed = blueprint.settings.safeParse(input);
    if (parsed.success) settings = parsed.data;
    else out.push(...zodDiagnostics(file, parsed.error, input));
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
  const alarms = (Array.isArray(input.alarms) ? input.alarms : []).flatMap((a: unknown, i) => {
    const parsed = metricAlarmSchema.safeParse(a);
    return parsed.success && name ? [resolveAlarm(parsed.data, file, i, name)] : [];
  });
  if (out.length > before || !base.success || !schedule || !blueprint) return { definition: undefined, name, alarms };
  const c = base.data;
  const hash = createHash('sha256').update(JSON.stringify({ c, settings, schedule })).digest('hex').slice(0, 16);
  return {
    name,
    alarms,
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
