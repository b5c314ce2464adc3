import { mkdir } from 'node:fs/promises';
import type { AlarmControl } from '../alarms/alarm-control.ts';
import type { AlarmEngine } from '../alarms/alarm-engine.ts';
import type { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { DnsRecordStateStore } from '../providers/builtin-dns/record-state-store.ts';
import type { Project } from '../config/project.ts';
import type { EventStream } from '../core/events.ts';
import { createLogger } from '../core/logger.ts';
import type { LogService } from '../logs/log-service.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { startMetricsRollup } from '../metrics/rollup-loop.ts';
import type { RunStore } from '../runner/run-store.ts';
import { apiBaseUrl } from './api-url.ts';
import { openClients } from './clients.ts';
import { Closers } from './closers.ts';
import { restartOnlyChanges } from './reload-diff.ts';
import { roleModules, rolesToStart, type Role, type RoleContext, type RoleHandle } from './roles/index.ts';
import { subscribeHooks, type StackHooks } from './stack-hooks.ts';

export { ALL_ROLES, type Role } from './roles/index.ts';

const log = createLogger('stack');

export interface StackOptions extends StackHooks {
  project: Project;
  roles: readonly Role[];
  /** Overrides for tests: listen ports (0 = ephemeral). */
  apiPort?: number;
  dnsPort?: number;
  syslogUdpPort?: number;
  syslogTcpPort?: number;
  /** May spawn a local redis-server when none is found (`canary up`). */
  allowRedisSpawn?: boolean;
}

export interface Stack {
  redisUrl: string;
  apiUrl: string | undefined;
  dnsPort: number | undefined;
  prefix: string;
  runs: RunStore;
  metrics: MetricStore;
  alarmStates: AlarmStateStore;
  dnsState: DnsRecordStateStore;
  engine: AlarmEngine | undefined;
  /** The logs role's syslog ports, when it runs a listener. */
  syslog: { udpPort: number | undefined; tcpPort: number | undefined } | undefined;
  /** Log groups, streams and events. */
  logs: LogService;
  control: AlarmControl;
  /** What happened, across every process sharing the Redis and prefix. */
  events: EventStream;
  /**
   * Swaps in a new, already validated project: schedulers are reconciled, alarm configurations recorded, and
   * canaries, alarms and actions change everywhere. Returns the settings that only a restart applies.
   */
  reload(next: Project): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The composition root: opens the shared clients, then starts the requested roles from the role table
 * (`./roles/index.ts`) with one context, and stops them in reverse order.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  // Roles read the project through the context when they need it, so a reload takes effect everywhere at once.
  let project = opts.project;
  const current = () => project;
  await mkdir(project.dataDir, { recursive: true });
  const closers = new Closers();
  try {
    const clients = await openClients(current, { allowRedisSpawn: opts.allowRedisSpawn ?? false });
    closers.add(() => clients.close());
    const rollup = startMetricsRollup(clients.metrics, {
      onError: (err) => log.warn({ err: err.message }, 'metrics roll-up failed'),
    });
    closers.add(() => rollup.stop());
    // Subscribed before any role starts and closed after they all stopped (draining), so hooks miss no run.
    const hooks = await subscribeHooks(clients.events, clients.runs, opts);
    if (hooks) closers.add(() => hooks.close({ drain: true }));

    const ctx: RoleContext = {
      project: current,
      clients,
      ports: {
        ...(opts.apiPort !== undefined ? { api: opts.apiPort } : {}),
        ...(opts.dnsPort !== undefined ? { dns: opts.dnsPort } : {}),
        ...(opts.syslogUdpPort !== undefined ? { syslogUdp: opts.syslogUdpPort } : {}),
        ...(opts.syslogTcpPort !== undefined ? { syslogTcp: opts.syslogTcpPort } : {}),
      },
      apiBaseUrl: apiBaseUrl(project.config.api),
    };
    const started: RoleHandle[] = [];
    for (const role of rolesToStart(opts.roles)) {
      const handle = await roleModules[role](ctx);
      closers.add(() => handle.close());
      started.push(handle);
    }
    const output = <K extends 'apiUrl' | 'dnsPort' | 'engine' | 'syslog'>(k: K) =>
      started.find((h) => h[k] !== undefined)?.[k];

    return {
      redisUrl: clients.redisUrl,
      apiUrl: output('apiUrl'),
      dnsPort: output('dnsPort'),
      prefix: clients.prefix,
      runs: clients.runs,
      metrics: clients.metrics,
      alarmStates: clients.alarmStates,
      dnsState: clients.dnsState,
      engine: output('engine'),
      syslog: output('syslog'),
      logs: clients.logs,
      control: clients.control,
      events: clients.events,
      async reload(next) {
        const restartOnly = restartOnlyChanges(project, next);
        project = next;
        for (const handle of started) await handle.reload?.();
        log.info({ canaries: next.canaries.length, alarms: next.alarms.length, restartOnly }, 'configuration reloaded');
        return restartOnly;
      },
      close: () => closers.close(),
    };
  } catch (err) {
    await closers.close();
    throw err;
  }
}
