import { createHash } from 'node:crypto';
import { faultPlugin, faultPlugins } from '../chaos/faults/index.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { normaliseDnsName } from '../core/dns-name.ts';
import type { DrillDefinition, DrillExpectation } from '../core/drill.ts';
import type { FaultCheckContext, FaultPlugin, FaultSpec } from '../core/fault.ts';
import { parseSchedule, type Schedule } from '../core/schedule.ts';
import { drillSchema, EXPECTATION_KINDS, expectationSchemas } from './drill-schema.ts';
import { zodDiagnostics } from './zod-issues.ts';

/** What a drill may refer to, from the rest of the project. */
export interface DrillRefs {
  /** Metric and composite alarm names. */
  alarms: ReadonlySet<string>;
  canaries: ReadonlySet<string>;
  actions: ReadonlySet<string>;
  /** Failover records of `dns.zones` (normalised). */
  failoverRecords: ReadonlySet<string>;
  faults: FaultCheckContext;
}

export type FaultPluginLookup = (type: string) => FaultPlugin | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const knownList = (s: ReadonlySet<string>, none: string) => (s.size > 0 ? [...s].join(', ') : none);

function unknownRef(kind: string, value: string, known: ReadonlySet<string>, none: string): string {
  return `unknown ${kind} "${value}"; known: ${knownList(known, none)}`;
}

function checkExpectations(
  file: string,
  field: 'expect' | 'recover',
  raw: unknown,
  refs: DrillRefs,
  out: Diagnostic[],
): DrillExpectation[] {
  if (!Array.isArray(raw)) return [];
  const result: DrillExpectation[] = [];
  raw.forEach((item: unknown, i) => {
    const at = `${field}[${i}]`;
    const kinds = isRecord(item) ? EXPECTATION_KINDS.filter((k) => k in item) : [];
    if (kinds.length !== 1) {
      out.push({
        file,
        path: at,
        message:
          kinds.length === 0
            ? `expected an expectation with one of the fields ${EXPECTATION_KINDS.join(', ')}`
            : `an expectation names one thing; got ${kinds.join(' and ')}`,
      });
      return;
    }
    const kind = kinds[0] as (typeof EXPECTATION_KINDS)[number];
    const parsed = expectationSchemas[kind].safeParse(item);
    if (!parsed.success) {
      out.push(...zodDiagnostics(file, parsed.error, item, [field, i]));
      return;
    }
    const e = parsed.data as DrillExpectation;
    const problem =
      'alarm' in e && !refs.alarms.has(e.alarm)
        ? { path: 'alarm', message: unknownRef('alarm', e.alarm, refs.alarms, '(no alarms defined)') }
        : 'canary' in e && !refs.canaries.has(e.canary)
          ? { path: 'canary', message: unknownRef('canary', e.canary, refs.canaries, '(no canaries)') }
          : 'action' in e && !refs.actions.has(e.action)
            ? { path: 'action', message: unknownRef('action', e.action, refs.actions, '(no actions defined)') }
            : 'recovery' in e && !refs.actions.has(e.recovery)
              ? { path: 'recovery', message: unknownRef('action', e.recovery, refs.actions, '(no actions defined)') }
              : 'dns' in e && !refs.failoverRecords.has(normaliseDnsName(e.dns))
                ? {
                    path: 'dns',
                    message: unknownRef(
                      'dns record',
                      e.dns,
                      refs.failoverRecords,
                      '(no failover records in dns.zones)',
                    ),
                  }
                : undefined;
    if (problem) out.push({ file, path: `${at}.${problem.path}`, message: problem.message });
    else result.push('dns' in e ? { ...e, dns: normaliseDnsName(e.dns) } : e);
  });
  return result;
}

interface CheckedFault {
  spec: FaultSpec;
  target: string;
  targets: string[];
}

function checkFaults(
  file: string,
  raw: unknown,
  refs: DrillRefs,
  out: Diagnostic[],
  lookup: FaultPluginLookup,
  knownTypes: readonly string[],
): CheckedFault[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  let ok = true;
  const faults: CheckedFault[] = [];
  raw.forEach((item: unknown, i) => {
    const at = `faults[${i}]`;
    const type = isRecord(item) ? item.type : undefined;
    if (typeof type !== 'string') {
      ok = false; // drillSchema reports the missing or wrong `type`
      return;
    }
    const plugin = lookup(type);
    if (!plugin) {
      ok = false;
      out.push({
        file,
        path: `${at}.type`,
        message: `unknown fault type "${type}"; known: ${knownTypes.length > 0 ? knownTypes.join(', ') : '(none registered)'}`,
      });
      return;
    }
    const parsed = plugin.schema.safeParse(item);
    if (!parsed.success) {
      ok = false;
      out.push(...zodDiagnostics(file, parsed.error, item, ['faults', i]));
      return;
    }
    const problems = plugin.check?.(parsed.data, refs.faults) ?? [];
    for (const p of problems) out.push({ file, path: p.path ? `${at}.${p.path}` : at, message: p.message });
    if (problems.length > 0) ok = false;
    else faults.push({ spec: parsed.data, target: plugin.target(parsed.data), targets: plugin.targets(parsed.data) });
  });
  return ok ? faults : undefined;
}

/** Validates one drill file's default export; pushes every problem, with its place, into `out`. */
export function validateDrill(
  file: string,
  raw: unknown,
  refs: DrillRefs,
  out: Diagnostic[],
  lookup: FaultPluginLookup = faultPlugin,
  knownTypes: readonly string[] = Object.keys(faultPlugins),
): { definition: DrillDefinition | undefined; name: string | undefined } {
  if (!isRecord(raw)) {
    out.push({ file, path: '', message: 'expected a default export made with defineDrill({...})' });
    return { definition: undefined, name: undefined };
  }
  const before = out.length;
  const base = drillSchema.safeParse(raw);
  if (!base.success) out.push(...zodDiagnostics(file, base.error, raw));
  const faults = checkFaults(file, raw.faults, refs, out, lookup, knownTypes);
  const expect = checkExpectations(file, 'expect', raw.expect, refs, out);
  const recover = checkExpectations(file, 'recover', raw.recover, refs, out);
  const steady = isRecord(raw.steadyState) ? raw.steadyState : {};
  if (isRecord(steady.alarms))
    for (const a of Object.keys(steady.alarms))
      if (!refs.alarms.has(a))
        out.push({
          file,
          path: `steadyState.alarms.${a}`,
          message: unknownRef('alarm', a, refs.alarms, '(no alarms defined)'),
        });
  if (Array.isArray(steady.canaries))
    steady.canaries.forEach((c: unknown, i) => {
      if (typeof c === 'string' && !refs.canaries.has(c))
        out.push({
          file,
          path: `steadyState.canaries[${i}]`,
          message: unknownRef('canary', c, refs.canaries, '(no canaries)'),
        });
    });
  if (Array.isArray(raw.abortOn))
    raw.abortOn.forEach((a: unknown, i) => {
      if (typeof a === 'string' && !refs.alarms.has(a))
        out.push({ file, path: `abortOn[${i}]`, message: unknownRef('alarm', a, refs.alarms, '(no alarms defined)') });
    });
  let schedule: Schedule | undefined;
  if (typeof raw.schedule === 'string') {
    try {
      schedule = parseSchedule(raw.schedule);
    } catch (err) {
      out.push({ file, path: 'schedule', message: (err as Error).message });
    }
  }
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  if (out.length > before || !base.success || !faults) return { definition: undefined, name };
  const d = base.data;
  const definitionBody = {
    name: d.name,
    file,
    steadyState: { ...d.steadyState, within: d.steadyState.within ?? d.steadyState.for + 60 },
    faults: faults.map((f) => f.spec),
    faultTargets: faults.map((f) => f.target),
    targets: [...new Set(faults.flatMap((f) => f.targets))].sort(),
    expect,
    holdFor: d.holdFor,
    recover,
    abortOn: d.abortOn,
    ...(d.lease !== undefined ? { lease: d.lease } : {}),
    ...(schedule ? { schedule } : {}),
    observe: d.observe,
    timeout: d.timeout,
  };
  const hash = createHash('sha256').update(JSON.stringify(definitionBody)).digest('hex').slice(0, 16);
  return { definition: { ...definitionBody, hash }, name };
}
