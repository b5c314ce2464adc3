import { faultPlugin } from '../../chaos/faults/index.ts';
import { drillRefs } from '../../config/load-drills.ts';
import { loadProject } from '../../config/load-project.ts';
import type { Project } from '../../config/project.ts';
import { validateDrill } from '../../config/validate-drill.ts';
import { ConfigError, type Diagnostic } from '../../core/diagnostics.ts';
import type { DrillDefinition } from '../../core/drill.ts';
import { originDownFault } from './origin-fault.ts';
import { tempProject, type TempProject } from './temp-project.ts';

export interface DrillProjectOptions {
  prefix: string;
  primaryUrl: string;
  /** A fixed DNS port, for tests whose drill runs in another process (`canary drill run`); default ephemeral. */
  dnsPort?: number;
  files?: Record<string, string>;
}

/**
 * A failover project for drills: one `api` canary (cheap: no browser) on the primary every second, the alarm
 * `www-down` (2 of 2 one-second periods) failing www.demo.test over to the secondary and back.
 */
export async function drillProject(o: DrillProjectOptions): Promise<{ tmp: TempProject; project: Project }> {
  const tmp = await tempProject({
    'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({
  redis: ${JSON.stringify(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')},
  redisPrefix: ${JSON.stringify(o.prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  dns: {
    listen: { host: '127.0.0.1', port: ${o.dnsPort ?? 0} },
    zones: [{ name: 'demo.test', records: [
      { name: 'www.demo.test', type: 'A', ttl: 1, primary: '127.0.0.2', secondary: '127.0.0.3' },
    ] }],
  },
  actions: {
    'www-failover': { type: 'dns-failover', record: 'www.demo.test' },
    'www-failback': { type: 'dns-failback', record: 'www.demo.test' },
  },
});
`,
    'canaries/www.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({
  name: 'www-home',
  blueprint: 'api',
  requests: [{ url: ${JSON.stringify(o.primaryUrl)}, assert: [{ status: 200 }] }],
  schedule: 'rate(1 second)',
  timeout: 3,
  alarms: [{
    name: 'www-down', metricName: 'SuccessPercent', statistic: 'Average', period: 1,
    evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 100,
    comparisonOperator: 'LessThanThreshold', treatMissingData: 'missing',
    alarmActions: ['www-failover'], okActions: ['www-failback'],
  }],
});
`,
    ...o.files,
  });
  return { tmp, project: await loadProject({ cwd: tmp.dir }) };
}

/**
 * Validates a drill as the loader does, with the test-only `origin-down` fault type known besides the registry's
 * (it is registered nowhere); throws ConfigError on problems.
 */
export function testDrill(project: Project, raw: unknown, file = 'drills/test.drill.ts'): DrillDefinition {
  const out: Diagnostic[] = [];
  const refs = drillRefs({
    config: project.config,
    alarms: new Set([...project.alarms, ...project.compositeAlarms].map((a) => a.name)),
    canaries: new Set(project.canaries.map((c) => c.name)),
  });
  const lookup = (type: string) => (type === originDownFault.type ? originDownFault : faultPlugin(type));
  const { definition } = validateDrill(file, raw, refs, out, lookup, ['origin-down']);
  if (!definition) throw new ConfigError(out);
  return definition;
}
