/**
 * The layering of canarykit (README § Architecture), checked in `npm test` by dependency-cruiser.
 * A folder may import only the folders listed for it; everything not listed is forbidden.
 */
const PRODUCTION =
  '^(core|config|blueprints|runner|metrics|alarms|actions|providers|events|reports|logs|chaos|aws|streams|server|stack|cli)/';

/** folder → folders it may import (besides itself). */
const allowed = {
  core: [],
  events: ['core'],
  metrics: ['core'],
  blueprints: ['core'],
  actions: ['core'],
  providers: ['core'],
  reports: ['core'],
  alarms: ['core', 'metrics'],
  logs: ['core', 'metrics'],
  runner: ['core', 'blueprints', 'metrics'],
  chaos: ['core', 'providers', 'events', 'metrics'],
  config: ['core', 'blueprints', 'actions', 'providers', 'alarms', 'metrics', 'logs', 'chaos', 'reports', 'streams'],
  /** The AWS-compatible endpoint: protocols and SigV4 over the metric, alarm and log models. */
  aws: ['core', 'metrics', 'alarms', 'logs', 'config'],
  /** Metric streams: the metric store's write path out to Prometheus, OTLP and webhooks. */
  streams: ['core', 'metrics', 'events'],
};

const layerRules = Object.entries(allowed).map(([from, to]) => ({
  name: `${from}-layer`,
  comment: `${from}/ may import only ${to.length ? to.join(', ') : 'nothing else in the repo'}`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: PRODUCTION, pathNot: `^(${[from, ...to].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'server-layer',
      comment: 'server/ is below the composition root and the CLI',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(stack|cli)/' },
    },
    {
      name: 'stack-layer',
      comment: 'stack/ (the composition root) is below the CLI',
      severity: 'error',
      from: { path: '^stack/' },
      to: { path: '^cli/' },
    },
    {
      name: 'blueprint-imports-blueprint',
      comment: 'a blueprint imports only the blueprint kit and its own folder, never another blueprint',
      severity: 'error',
      from: { path: '^blueprints/([^/]+)/' },
      to: { path: '^blueprints/[^/]+/', pathNot: ['^blueprints/kit/', '^blueprints/$1/'] },
    },
    {
      name: 'production-imports-tests',
      comment: 'production code never imports tests, benchmarks or the demo',
      severity: 'error',
      from: { path: PRODUCTION },
      to: { path: '^(test|bench|demo)/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles',
      severity: 'error',
      from: { path: PRODUCTION },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.canary)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
