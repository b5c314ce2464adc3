import { loadProject } from '../../config/load-project.ts';
import type { Project } from '../../config/project.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { TEST_REDIS_URL } from '../support/redis-prefix.ts';

/** A project with log groups, metric filters of each syntax, a syslog listener and optional extra config. */
export async function logsProject(
  prefix: string,
  extra = '',
  alarms = '[]',
): Promise<{ tmp: TempProject; project: Project }> {
  const tmp = await tempProject({
    'canary.config.ts': `export default {
  redis: ${JSON.stringify(TEST_REDIS_URL)},
  redisPrefix: ${JSON.stringify(prefix)},
  dataDir: '.canary',
  api: { host: '127.0.0.1', port: 0 },
  alarms: ${alarms},
  ${extra}
  logs: {
    groups: [
      { name: '/app/web', retentionInDays: 7, metricFilters: [
        { name: 'errors', pattern: 'ERROR', metricNamespace: 'App', metricName: 'Errors', metricValue: '1', defaultValue: 0, unit: 'Count' },
        { name: 'latency', pattern: '{ $.latency > 0 }', metricNamespace: 'App', metricName: 'Latency', metricValue: '$.latency', unit: 'Milliseconds', dimensions: { Path: '$.path' } },
        { name: 'bytes', pattern: '[ip, user, username, timestamp, request, status_code = 5*, bytes]', metricNamespace: 'App', metricName: 'ServerErrorBytes', metricValue: '$bytes' },
      ] },
      { name: '/syslog' },
    ],
    syslog: {
      udp: '127.0.0.1:0', tcp: '127.0.0.1:0', flushIntervalMs: 50,
      rules: [
        { match: { appName: 'web*' }, group: '/app/web', stream: '{hostname}' },
        { group: '/syslog', stream: '{appName}' },
      ],
    },
  },
};
`,
    'canaries/idle.canary.ts': `export default { name: 'idle', blueprint: 'heartbeat', url: 'http://127.0.0.1:9/', schedule: 'rate(1 hour)' };\n`,
  });
  try {
    return { tmp, project: await loadProject({ cwd: tmp.dir }) };
  } catch (err) {
    await tmp.remove();
    throw err;
  }
}
