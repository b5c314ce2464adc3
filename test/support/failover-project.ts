import { loadProject } from '../../config/load-project.ts';
import type { Project } from '../../config/project.ts';
import { tempProject, type TempProject } from './temp-project.ts';

export interface FailoverProjectOptions {
  prefix: string;
  primaryUrl: string;
  webhookUrl: string;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
}

/** Writes the README's failover project (config + one heartbeat canary with a 1 s alarm) to a temp dir and loads it. */
export async function failoverProject(o: FailoverProjectOptions): Promise<{ tmp: TempProject; project: Project }> {
  const tmp = await tempProject({
    'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({
  redis: ${JSON.stringify(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')},
  redisPrefix: ${JSON.stringify(o.prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  dns: {
    listen: { host: '127.0.0.1', port: 0 },
    zones: [{ name: 'demo.test', records: [
      { name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' },
    ] }],
  },
  actions: {
    'www-failover': { type: 'dns-failover', record: 'www.demo.test' },
    'www-failback': { type: 'dns-failback', record: 'www.demo.test' },
    'ops-webhook': { type: 'webhook', url: ${JSON.stringify(o.webhookUrl)} },
  },
});
`,
    'canaries/www.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({
  name: 'www-home',
  blueprint: 'heartbeat',
  url: ${JSON.stringify(o.primaryUrl)},
  expectText: 'Welcome',
  schedule: 'rate(1 second)',
  timeout: 5,
  alarms: [{
    name: 'www-down', metricName: 'SuccessPercent', statistic: 'Average', period: 1,
    evaluationPeriods: ${o.evaluationPeriods ?? 2}, datapointsToAlarm: ${o.datapointsToAlarm ?? 2}, threshold: 100,
    comparisonOperator: 'LessThanThreshold', treatMissingData: 'missing',
    alarmActions: ['www-failover', 'ops-webhook'], okActions: ['www-failback', 'ops-webhook'],
  }],
});
`,
  });
  return { tmp, project: await loadProject({ cwd: tmp.dir }) };
}
