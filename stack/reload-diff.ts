import type { Project } from '../config/project.ts';

/** The settings read once at start: changing them needs a restart. Returns the ones that differ. */
export function restartOnlyChanges(a: Project, b: Project): string[] {
  const pick = (p: Project) => ({
    redis: p.config.redis,
    redisPrefix: p.config.redisPrefix,
    dataDir: p.dataDir,
    api: p.config.api,
    dns: p.config.dns,
    'worker.concurrency': p.config.worker.concurrency,
    metrics: p.config.metrics,
    alarmEngine: p.config.alarmEngine,
    alarmHistory: p.config.alarmHistory,
    events: p.config.events,
    // Groups and metric filters reload; the listener, the bound and the retention interval are read at start.
    'logs.syslog': p.config.logs.syslog,
    'logs.maxEventsPerGroup': p.config.logs.maxEventsPerGroup,
    'logs.retentionIntervalMs': p.config.logs.retentionIntervalMs,
  });
  const x = pick(a);
  const y = pick(b);
  return (Object.keys(x) as Array<keyof typeof x>).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}
