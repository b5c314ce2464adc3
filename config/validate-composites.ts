import type { z } from 'zod';
import { alarmRuleChildren, AlarmRuleSyntaxError, parseAlarmRule } from '../alarms/rule/index.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { CompositeAlarmDefinition } from '../core/types.ts';
import type { compositeAlarmSchema } from './composite-schema.ts';
import type { Indexed } from './parse-config.ts';

/**
 * Resolves composite alarms: parses every rule (CloudWatch-style syntax errors), checks child alarms exist,
 * and rejects dependency cycles among composites (CloudWatch accepts cycles and then stops evaluating them).
 */
export function resolveComposites(
  file: string,
  raw: ReadonlyArray<Indexed<z.output<typeof compositeAlarmSchema>>>,
  metricAlarmNames: ReadonlySet<string>,
  out: Diagnostic[],
  /** Names written in the file that did not parse; references to them are not reported as missing. */
  otherNames: ReadonlySet<string> = new Set(),
): CompositeAlarmDefinition[] {
  const names = new Set([...raw.map((c) => c.value.name), ...otherNames]);
  const resolved: CompositeAlarmDefinition[] = [];
  raw.forEach(({ index: i, value: c }) => {
    const path = `compositeAlarms[${i}]`;
    let children: string[];
    try {
      children = alarmRuleChildren(parseAlarmRule(c.alarmRule));
    } catch (err) {
      if (!(err instanceof AlarmRuleSyntaxError)) throw err;
      out.push({ file, path: `${path}.alarmRule`, message: err.message });
      return;
    }
    for (const child of children) {
      if (!metricAlarmNames.has(child) && !names.has(child)) {
        out.push({ file, path: `${path}.alarmRule`, message: `Error in AlarmRule [alarm "${child}" does not exist]` });
      }
      if (child === c.name)
        out.push({ file, path: `${path}.alarmRule`, message: `composite alarm "${c.name}" refers to itself` });
    }
    if (c.actionsSuppressor && !metricAlarmNames.has(c.actionsSuppressor) && !names.has(c.actionsSuppressor)) {
      out.push({ file, path: `${path}.actionsSuppressor`, message: `alarm "${c.actionsSuppressor}" does not exist` });
    }
    if (metricAlarmNames.has(c.name))
      out.push({ file, path: `${path}.name`, message: `"${c.name}" is already a metric alarm's name` });
    resolved.push({
      name: c.name,
      ...(c.description === undefined ? {} : { description: c.description }),
      alarmRule: c.alarmRule,
      actionsEnabled: c.actionsEnabled,
      alarmActions: c.alarmActions,
      okActions: c.okActions,
      insufficientDataActions: c.insufficientDataActions,
      ...(c.actionsSuppressor === undefined ? {} : { actionsSuppressor: c.actionsSuppressor }),
      ...(c.reminderInterval === undefined ? {} : { reminderInterval: c.reminderInterval }),
      actionsSuppressorWaitPeriod: c.actionsSuppressorWaitPeriod ?? 0,
      actionsSuppressorExtensionPeriod: c.actionsSuppressorExtensionPeriod ?? 0,
      children,
      source: file,
      sourcePath: path,
    });
  });
  const cycle = findCycle(resolved);
  if (cycle) {
    const i = raw.find((c) => c.value.name === cycle[0])?.index ?? 0;
    out.push({
      file,
      path: `compositeAlarms[${i}].alarmRule`,
      message: `dependency cycle among composite alarms: ${cycle.join(' → ')}`,
    });
  }
  return resolved;
}

/** A cycle among composites, as a list of names ending where it started, or undefined. */
function findCycle(composites: ReadonlyArray<CompositeAlarmDefinition>): string[] | undefined {
  const byName = new Map(composites.map((c) => [c.name, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === 'done') return undefined;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const child of byName.get(name)?.children ?? []) {
      if (!byName.has(child)) continue;
      const found = visit(child);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const c of composites) {
    const found = visit(c.name);
    if (found) return found;
  }
  return undefined;
}

/** Composites ordered so that every composite comes after the composites it depends on. */
export function topologicalOrder(composites: ReadonlyArray<CompositeAlarmDefinition>): CompositeAlarmDefinition[] {
  const byName = new Map(composites.map((c) => [c.name, c]));
  const done = new Set<string>();
  const out: CompositeAlarmDefinition[] = [];
  const visit = (c: CompositeAlarmDefinition) => {
    if (done.has(c.name)) return;
    done.add(c.name);
    for (const child of c.children) {
      const dep = byName.get(child);
      if (dep) visit(dep);
    }
    out.push(c);
  };
  composites.forEach(visit);
  return out;
}
