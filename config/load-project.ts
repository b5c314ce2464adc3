import { checkStatusPages } from './check-status-pages.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { findActionPlugin } from '../actions/index.ts';
import { findBlueprint } from '../blueprints/index.ts';
import type { ActionCheckContext } from '../core/action.ts';
import { ConfigError, type Diagnostic } from '../core/diagnostics.ts';
import type { MetricAlarmDefinition } from '../core/types.ts';
import type { ResolvedConfig } from './config-schema.ts';
import { defaultExport, importModule } from './import-module.ts';
import { providerCatalog } from '../providers/provider-catalog.ts';
import type { CanaryDefinition } from '../core/canary.ts';
import type { Project } from './project.ts';
import { resolveAlarm } from './resolve-alarm.ts';
import { validateCanary } from './validate-canary.ts';
import { loadDrills } from './load-drills.ts';
import { resolveComposites, topologicalOrder } from './validate-composites.ts';
import { zodDiagnostics } from './zod-issues.ts';
import { parseConfig } from './parse-config.ts';
import { providerConfigSections } from '../providers/index.ts';
import type { ProviderCatalog } from '../core/provider.ts';

export const CONFIG_FILE_NAMES = ['canary.config.ts', 'canary.config.mts', 'canary.config.js', 'canary.config.mjs'];

export interface LoadOptions {
  /** Explicit config path (`--config`). */
  configPath?: string;
  /** Directory to look for `canary.config.*` in (default: cwd). */
  cwd?: string;
  /** Canary files or globs to load instead of the config's `canaries` globs (`canary run a.canary.ts`). */
  canaryFiles?: string[];
  /**
   * Drill files or globs to load instead of the config's `drills` globs (`canary drill run a.drill.ts`). When
   * `canaryFiles` is given and this is not, no drill is loaded (a drill may name canaries not loaded then).
   */
  drillFiles?: string[];
  /** Allow running without a config file (defaults apply). */
  configOptional?: boolean;
}

function findConfig(opts: LoadOptions): string | undefined {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.configPath) return path.resolve(cwd, opts.configPath);
  return CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((p) => existsSync(p));
}

async function importDefault(abs: string, file: string, out: Diagnostic[]): Promise<unknown> {
  try {
    return defaultExport(await importModule(abs));
  } catch (err) {
    const message = (err as Error).message;
    if (/Cannot find module 'canarykit'/.test(message)) {
      out.push({
        file,
        path: '',
        message:
          'cannot load: the "canarykit" package is not installed in this project; run: npm install --save-dev canarykit',
      });
      return undefined;
    }
    const lines = message
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('Require stack') && !l.startsWith('- '))
      .slice(0, 3);
    out.push({ file, path: '', message: `cannot load: ${lines.join(' ')}` });
    return undefined;
  }
}

/** Loads and validates the config and every canary; throws ConfigError listing every problem. */
export async function loadProject(opts: LoadOptions = {}): Promise<Project> {
  const out: Diagnostic[] = [];
  const configAbs = findConfig(opts);
  const root = configAbs ? path.dirname(configAbs) : path.resolve(opts.cwd ?? process.cwd());
  const configFile = configAbs ? path.relative(root, configAbs) : undefined;
  let rawConfig: unknown = {};
  if (configAbs && !existsSync(configAbs)) {
    throw new ConfigError([{ file: opts.configPath ?? configAbs, path: '', message: 'config file not found' }]);
  }
  if (!configAbs && !opts.configOptional) {
    throw new ConfigError([
      {
        file: 'canary.config.ts',
        path: '',
        message: `no config file found in ${root} (looked for ${CONFIG_FILE_NAMES.join(', ')}); pass --config PATH`,
      },
    ]);
  }
  if (configAbs && configFile) rawConfig = (await importDefault(configAbs, configFile, out)) ?? {};
  const cfgFile = configFile ?? 'canary.config.ts';
  // One pass: every check below runs on whatever parsed, so a schema problem hides no other problem.
  const parsed = parseConfig(cfgFile, rawConfig, out);
  const config = parsed.config;
  validateActions(cfgFile, config, parsed.failed, out);

  const patterns = opts.canaryFiles ?? config.canaries;
  const files = await fg(patterns, {
    cwd: opts.canaryFiles ? process.cwd() : root,
    absolute: true,
    onlyFiles: true,
    unique: true,
  });
  if (files.length === 0)
    out.push({ file: cfgFile, path: 'canaries', message: `no canary files match ${patterns.join(', ')}` });
  const canaries: CanaryDefinition[] = [];
  const names: Array<{ name: string; file: string }> = [];
  const alarms: MetricAlarmDefinition[] = [];
  const referring: MetricAlarmDefinition[] = [];
  const declaredAlarms = new Set(parsed.alarmNames);
  const dataDir = path.resolve(root, config.dataDir);
  for (const abs of files.sort()) {
    const file = path.relative(root, abs);
    const raw = await importDefault(abs, file, out);
    if (raw === undefined) continue;
    const v = validateCanary(file, raw, out, abs);
    if (v.definition) canaries.push(v.definition);
    if (v.name !== undefined) names.push({ name: v.name, file });
    alarms.push(...v.alarms);
    referring.push(...v.parsedAlarms);
    for (const n of v.alarmNames) declaredAlarms.add(n);
    // The blueprint's project checks (e.g. a visual baseline) run whenever its settings parsed.
    const check = v.settings && findBlueprint(v.settings.blueprint)?.check;
    if (check && v.settings && v.name !== undefined)
      for (const p of await check(v.settings.value, { dataDir, canaryName: v.name })) out.push({ file, ...p });
  }
  const configAlarms = parsed.alarms.map(({ index, value }) => resolveAlarm(value, cfgFile, index));
  alarms.push(...configAlarms);
  referring.push(...configAlarms);
  checkNames(names, alarms, out);
  const composites = resolveComposites(
    cfgFile,
    parsed.compositeAlarms,
    new Set(alarms.map((a) => a.name)),
    out,
    declaredAlarms,
  );
  checkActionRefs([...referring, ...composites], parsed.actionNames, out);
  const drills =
    opts.canaryFiles && !opts.drillFiles
      ? []
      : await loadDrills(
          {
            root,
            config,
            configFile: cfgFile,
            ...(opts.drillFiles ? { files: opts.drillFiles } : {}),
            alarms: new Set([...declaredAlarms, ...alarms.map((a) => a.name)]),
            canaries: new Set(names.map((n) => n.name)),
            importDefault: (abs, file) => importDefault(abs, file, out),
          },
          out,
        );
  // With a chosen subset of canary files (`canary run a.canary.ts`), the others' names are unknown here.
  checkActionReferences(cfgFile, config, opts.canaryFiles ? undefined : new Set(names.map((n) => n.name)), out);
  if (!opts.canaryFiles) checkStatusPages(cfgFile, config.statusPages ?? [], new Set(names.map((n) => n.name)), out);
  if (out.length > 0) throw new ConfigError(out);
  return {
    root,
    configFile,
    config,
    dataDir,
    canaries,
    alarms,
    compositeAlarms: topologicalOrder(composites),
    drills,
  };
}

function validateActions(file: string, config: ResolvedConfig, failed: ReadonlySet<string>, out: Diagnostic[]): void {
  const catalog = providerCatalog(config);
  // A target can only be checked against a provider section that parsed; a broken one reports its own problems.
  const providers: ProviderCatalog = {
    checkTarget: (port, provider, target) =>
      Object.keys(providerConfigSections).some((s) => failed.has(s)) ? [] : catalog.checkTarget(port, provider, target),
  };
  const ctx: ActionCheckContext = { providers };
  for (const [name, raw] of Object.entries(config.actions)) {
    const plugin = findActionPlugin(raw.type);
    if (!plugin) {
      out.push({ file, path: `actions.${name}.type`, message: `unknown action type "${raw.type}"` });
      continue;
    }
    const res = plugin.schema.safeParse(raw);
    if (!res.success) {
      out.push(...zodDiagnostics(file, res.error, raw, ['actions', name]));
      continue;
    }
    // Keep the parsed entry (defaults applied) so actions run with exactly what was validated.
    config.actions[name] = res.data as { type: string };
    for (const p of plugin.check?.(res.data, ctx) ?? [])
      out.push({ file, path: p.path ? `actions.${name}.${p.path}` : `actions.${name}`, message: p.message });
  }
}

/** Names an action refers to (`verify.canary`, `onUnverified`), against the loaded canaries and the actions. */
function checkActionReferences(
  file: string,
  config: ResolvedConfig,
  canaries: ReadonlySet<string> | undefined,
  out: Diagnostic[],
): void {
  const actionNames = Object.keys(config.actions);
  for (const [name, entry] of Object.entries(config.actions)) {
    const plugin = findActionPlugin(entry.type);
    // Only entries that parsed: a broken one has reported its own problems.
    if (!plugin?.references || !plugin.schema.safeParse(entry).success) continue;
    const refs = plugin.references(entry);
    for (const r of canaries ? (refs.canaries ?? []) : [])
      if (!canaries?.has(r.name))
        out.push({
          file,
          path: `actions.${name}.${r.path}`,
          message: `unknown canary "${r.name}": expected one of ${[...(canaries ?? [])].join(', ') || '(no canaries)'}`,
        });
    for (const r of refs.actions ?? []) {
      if (r.name === name)
        out.push({ file, path: `actions.${name}.${r.path}`, message: `an action cannot run itself ("${name}")` });
      else if (!actionNames.includes(r.name))
        out.push({
          file,
          path: `actions.${name}.${r.path}`,
          message: `unknown action "${r.name}": expected one of ${actionNames.filter((n) => n !== name).join(', ')}`,
        });
    }
  }
}

function checkNames(
  canaries: ReadonlyArray<{ name: string; file: string }>,
  alarms: MetricAlarmDefinition[],
  out: Diagnostic[],
): void {
  const seen = new Map<string, string>();
  for (const c of canaries) {
    const prev = seen.get(c.name);
    if (prev) out.push({ file: c.file, path: 'name', message: `duplicate canary name "${c.name}" (also in ${prev})` });
    else seen.set(c.name, c.file);
  }
  const alarmSeen = new Map<string, string>();
  for (const a of alarms) {
    const prev = alarmSeen.get(a.name);
    if (prev)
      out.push({
        file: a.source,
        path: `${a.sourcePath}.name`,
        message: `duplicate alarm name "${a.name}" (also in ${prev})`,
      });
    else alarmSeen.set(a.name, a.source);
  }
}

function checkActionRefs(
  alarms: ReadonlyArray<
    Pick<MetricAlarmDefinition, 'alarmActions' | 'okActions' | 'insufficientDataActions' | 'source' | 'sourcePath'>
  >,
  actionNames: ReadonlySet<string>,
  out: Diagnostic[],
): void {
  const known = [...actionNames].join(', ') || '(no actions defined in the config)';
  for (const a of alarms) {
    for (const list of ['alarmActions', 'okActions', 'insufficientDataActions'] as const) {
      a[list].forEach((action, i) => {
        if (!actionNames.has(action)) {
          out.push({
            file: a.source,
            path: `${a.sourcePath}.${list}[${i}]`,
            message: `unknown action "${action}": expected one of ${known}`,
          });
        }
      });
    }
  }
}
