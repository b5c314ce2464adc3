/** Checks a fault spec against its plugin: the type is known, the schema parses, the project has its target. */
import type { FaultCheckContext, FaultPlugin, FaultSpec } from '../core/fault.ts';
import { formatPath } from '../core/diagnostics.ts';
import { faultPlugin, faultPlugins } from './faults/index.ts';

/** One problem of a spec; `path` is relative to the spec (`record`, `signal`), empty for the whole spec. */
export interface FaultIssue {
  path: string;
  message: string;
}

export type FaultValidation =
  { ok: true; plugin: FaultPlugin<FaultSpec>; spec: FaultSpec } | { ok: false; issues: FaultIssue[] };

/** Thrown by the controller for a spec that does not validate; carries every problem. */
export class FaultSpecError extends Error {
  constructor(
    readonly issues: readonly FaultIssue[],
    type?: string,
  ) {
    super(
      `invalid ${type ? `${type} ` : ''}fault: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
    this.name = 'FaultSpecError';
  }
}

export function faultTypes(): string[] {
  return Object.keys(faultPlugins);
}

export function validateFaultSpec(input: unknown, ctx: FaultCheckContext): FaultValidation {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || type === '')
    return { ok: false, issues: [{ path: 'type', message: `expected a fault type: ${faultTypes().join(', ')}` }] };
  const plugin = faultPlugin(type);
  if (!plugin)
    return {
      ok: false,
      issues: [{ path: 'type', message: `unknown fault type "${type}"; known types: ${faultTypes().join(', ')}` }],
    };
  const parsed = plugin.schema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  const issues = plugin.check?.(parsed.data, ctx) ?? [];
  return issues.length ? { ok: false, issues } : { ok: true, plugin, spec: parsed.data };
}
