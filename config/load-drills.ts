import { faultCheckContext } from './fault-check-context.ts';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from '../core/diagnostics.ts';
import type { DrillDefinition } from '../core/drill.ts';
import { failoverTargets } from '../providers/builtin-dns/zone-config.ts';
import type { ResolvedConfig } from './config-schema.ts';
import { validateDrill, type DrillRefs } from './validate-drill.ts';

export interface LoadDrillsOptions {
  root: string;
  config: ResolvedConfig;
  configFile: string;
  /** Drill files or globs given on the command line (relative to cwd), instead of the config's `drills`. */
  files?: readonly string[];
  alarms: ReadonlySet<string>;
  canaries: ReadonlySet<string>;
  importDefault(abs: string, file: string): Promise<unknown>;
}

/** What the drills of a project may refer to, from its config and its canaries. */
export function drillRefs(o: Pick<LoadDrillsOptions, 'config' | 'alarms' | 'canaries'>): DrillRefs {
  const zones = o.config.dns?.zones ?? [];
  return {
    alarms: o.alarms,
    canaries: o.canaries,
    actions: new Set(Object.keys(o.config.actions)),
    failoverRecords: new Set(failoverTargets(zones).keys()),
    faults: faultCheckContext(o.config),
  };
}

/** Finds, imports and validates every drill; problems (with their place) go into `out`. */
export async function loadDrills(o: LoadDrillsOptions, out: Diagnostic[]): Promise<DrillDefinition[]> {
  const patterns = o.files ?? o.config.drills;
  const files = await fg([...patterns], {
    cwd: o.files ? process.cwd() : o.root,
    absolute: true,
    onlyFiles: true,
    unique: true,
  });
  if (o.files && files.length === 0)
    out.push({ file: o.configFile, path: 'drills', message: `no drill files match ${patterns.join(', ')}` });
  const refs = drillRefs(o);
  const drills: DrillDefinition[] = [];
  const seen = new Map<string, string>();
  for (const abs of files.sort()) {
    const file = path.relative(o.root, abs);
    const raw = await o.importDefault(abs, file);
    if (raw === undefined) continue;
    const v = validateDrill(file, raw, refs, out);
    if (v.name !== undefined) {
      const prev = seen.get(v.name);
      if (prev) out.push({ file, path: 'name', message: `duplicate drill name "${v.name}" (also in ${prev})` });
      else seen.set(v.name, file);
    }
    if (v.definition) drills.push(v.definition);
  }
  return drills;
}
