import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ActionDispatcher } from '../../../actions/action-dispatcher.ts';
import { DnsRecordStateStore } from '../../../providers/builtin-dns/record-state-store.ts';
import { AlarmControl } from '../../../alarms/alarm-control.ts';
import { AlarmStateStore } from '../../../alarms/alarm-state-store.ts';
import { loadProject } from '../../../config/load-project.ts';
import type { Project } from '../../../config/project.ts';
import { MetricStore } from '../../../metrics/metric-store.ts';
import { RunStore } from '../../../runner/run-store.ts';
import type { ApiLimits } from '../../../server/api-limits.ts';
import { createApiApp } from '../../../server/app.ts';
import { createLogService } from '../../../logs/log-service.ts';
import { dnsRecordViews } from '../../../stack/dns-record-views.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';

export interface ApiFixtureOptions {
  redisUrl: string;
  prefix: string;
  limits?: Partial<ApiLimits>;
  log?: Logger;
  now?: () => number;
}

export interface ApiFixture {
  url: string;
  project: Project;
  redis: Redis;
  runs: RunStore;
  metrics: MetricStore;
  alarmStates: AlarmStateStore;
  dns: DnsRecordStateStore;
  control: AlarmControl;
  app: Express;
  server: Server;
  close(): Promise<void>;
}

/**
 * A project with a canary (two steps' worth of alarms), a config-level metric alarm, a composite alarm and a DNS
 * failover record, served by the real express app over real stores on a real Redis (the stores wired as the
 * composition root wires them, without the background roles, so the test's Redis keys change only by requests).
 */
export async function startApiFixture(o: ApiFixtureOptions): Promise<ApiFixture> {
  const tmp: TempProject = await tempProject({
    'canary.config.ts': `export default {
  redis: ${JSON.stringify(o.redisUrl)},
  redisPrefix: ${JSON.stringify(o.prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  dns: {
    listen: { host: '127.0.0.1', port: 0 },
    zones: [{ name: 'demo.test', records: [
      { name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' },
      { name: 'api.demo.test', type: 'A', ttl: 5, primary: '127.0.0.4', secondary: '127.0.0.5' },
    ] }],
  },
  actions: { 'www-failover': { type: 'dns-failover', record: 'www.demo.test' } },
  alarms: [{
    name: 'cart-errors', namespace: 'Shop', metricName: 'Errors', dimensions: { Service: 'cart' }, statistic: 'Sum',
    period: 60, evaluationPeriods: 1, threshold: 5, comparisonOperator: 'GreaterThanThreshold',
  }],
  logs: { groups: [{ name: '/app/web', retentionInDays: 7, metricFilters: [
    { name: 'errors', pattern: 'ERROR', metricNamespace: 'App', metricName: 'Errors', defaultValue: 0 },
    { name: 'status', pattern: '{ $.status = 5* }', metricNamespace: 'App', metricName: 'Status5xx', metricValue: '$.latency', dimensions: { Path: '$.path' } },
  ] }] },
  compositeAlarms: [{ name: 'shop-down', alarmRule: 'ALARM("www-down") OR ALARM("cart-errors")', alarmActions: ['www-failover'] }],
};
`,
    'canaries/www.canary.ts': `export default {
  name: 'www-home', blueprint: 'api', schedule: 'rate(1 minute)',
  requests: [{ name: 'home', url: 'http://127.0.0.1:9/' }, { name: 'login', url: 'http://127.0.0.1:9/login' }],
  alarms: [{ name: 'www-down', metricName: 'SuccessPercent', statistic: 'Average', period: 60, evaluationPeriods: 1,
    threshold: 100, comparisonOperator: 'LessThanThreshold' }],
};
`,
  });
  const project = await loadProject({ cwd: tmp.dir });
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const prefix = project.config.redisPrefix;
  const runs = new RunStore(redis, prefix);
  const metrics = new MetricStore(redis, prefix);
  const alarmStates = new AlarmStateStore(redis, prefix);
  const dns = new DnsRecordStateStore(redis, `${prefix}:`, { zones: project.config.dns?.zones ?? [] });
  const dispatcher = new ActionDispatcher({ connection: redis, prefix });
  const control = new AlarmControl(
    redis,
    prefix,
    alarmStates,
    () => [...project.alarms, ...project.compositeAlarms],
    (t) => dispatcher.enqueue(t),
  );
  const records = dnsRecordViews(project.config.dns);
  const logs = createLogService({ redis, prefix, metrics, groups: () => project.config.logs.groups });
  // Awaited when Redis answers (so requests see the config's group); not when it never does (redis-down.test.ts).
  const synced = logs.syncConfig().catch(() => undefined);
  await Promise.race([synced, new Promise((resolve) => setTimeout(resolve, 2000))]);
  const app = createApiApp({
    redis,
    dataDir: project.dataDir,
    canaries: () => project.canaries,
    alarms: () => project.alarms,
    composites: () => project.compositeAlarms,
    control,
    runs,
    metrics,
    alarmStates,
    dns: { records: () => records, sides: () => dns.sides(), audit: (r, n) => dns.audit(r, n) },
    logs: { store: logs.store, ingestor: logs.ingestor },
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.log ? { log: o.log } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    project,
    redis,
    runs,
    metrics,
    alarmStates,
    dns,
    control,
    app,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
      redis.disconnect();
      await tmp.remove();
    },
  };
}
