import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ActionDispatcher } from '../actions/action-dispatcher.ts';
import { startDnsServer, type DnsServer } from '../providers/builtin-dns/dns-server.ts';
import { DnsRecordStateStore } from '../providers/builtin-dns/record-state-store.ts';
import { DnsSideCache } from '../providers/builtin-dns/side-cache.ts';
import { buildProviders } from '../providers/build-providers.ts';
import { alarmGateInputs } from '../alarms/action-gate.ts';
import { AlarmControl } from '../alarms/alarm-control.ts';
import { AlarmEngine } from '../alarms/alarm-engine.ts';
import { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { ActionServices } from '../core/action.ts';
import type { Project } from '../config/project.ts';
import { createLogger } from '../core/logger.ts';
import type { AlarmTransition, RunRecord } from '../core/types.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { startMetricsRollup } from '../metrics/rollup-loop.ts';
import { BrowserPool } from '../runner/browser/browser-pool.ts';
import { resolveRedis, type ResolvedRedis } from '../runner/resolve-redis.ts';
import { RUNS_QUEUE, startRunWorker } from '../runner/run-worker.ts';
import { RunStore } from '../runner/run-store.ts';
import { enforceRetention } from '../runner/retention.ts';
import { reconcileSchedulers, type RunJobData } from '../runner/scheduler.ts';
import { createApiApp } from '../server/app.ts';
import { dnsRecordViews } from './dns-record-views.ts';

const log = createLogger('stack');
const RETENTION_EVERY_MS = 10 * 60_000;

export type Role = 'scheduler' | 'worker' | 'alarms' | 'actions' | 'api' | 'dns';
export const ALL_ROLES: readonly Role[] = ['scheduler', 'worker', 'alarms', 'actions', 'api', 'dns'];

export interface StackOptions {
  project: Project;
  roles: readonly Role[];
  /** Overrides for tests: listen ports (0 = ephemeral). */
  apiPort?: number;
  dnsPort?: number;
  /** May spawn a local redis-server when none is found (`canary up`). */
  allowRedisSpawn?: boolean;
  onRun?: (run: RunRecord) => void;
  onTransition?: (t: AlarmTransition) => void;
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
  control: AlarmControl;
  /**
   * Swaps in a new, already validated project: schedulers are reconciled, alarm configurations recorded, and
   * canaries, alarms and actions change everywhere. Returns the settings that only a restart applies.
   */
  reload(next: Project): Promise<string[]>;
  close(): Promise<void>;
}

/** The composition root: builds Redis, BullMQ, Chromium and the servers for the given roles, and wires them. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  // Closures below read `project` when they run, so a reload takes effect everywhere at once.
  let project = opts.project;
  const roles = new Set(opts.roles);
  const config = project.config;
  const prefix = config.redisPrefix;
  await mkdir(project.dataDir, { recursive: true });
  const closers: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  // Stops in reverse order of start (API first, Redis last); calling it again waits for the same shutdown.
  const close = () =>
    (closing ??= (async () => {
      for (const fn of [...closers].reverse()) {
        try {
          await fn();
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'error while stopping');
        }
      }
    })());
  try {
    const resolved: ResolvedRedis = await resolveRedis(config.redis, project.dataDir, opts.allowRedisSpawn ?? false);
    closers.push(() => resolved.stop());
    const redis = new Redis(resolved.url, { maxRetriesPerRequest: null });
    closers.push(async () => void (await redis.quit()));
    const connection = redis;
    const runs = new RunStore(redis, prefix);
    const metrics = new MetricStore(redis, prefix, { retention: config.metrics.retention });
    const metricsRollup = startMetricsRollup(metrics, {
      onError: (err) => log.warn({ err: err.message }, 'metrics roll-up failed'),
    });
    closers.push(() => metricsRollup.stop());
    const alarmStates = new AlarmStateStore(redis, prefix, config.alarmHistory.maxItems);
    const dnsRecords = dnsRecordViews(config.dns);
    const dnsState = new DnsRecordStateStore(redis, `${prefix}:`, { zones: config.dns?.zones ?? [] });
    let apiUrl: string | undefined;
    let dnsPort: number | undefined;
    let engine: AlarmEngine | undefined;

    if (roles.has('dns') && config.dns) {
      const cache = await new DnsSideCache(redis, `${prefix}:`, { log: createLogger('dns') }).start();
      closers.push(() => cache.close());
      const server: DnsServer = await startDnsServer({
        host: config.dns.listen.host,
        port: opts.dnsPort ?? config.dns.listen.port,
        zones: config.dns.zones,
        sides: cache,
        log: createLogger('dns'),
      });
      closers.push(() => server.close());
      dnsPort = server.udpPort;
      log.info({ host: config.dns.listen.host, port: dnsPort }, 'DNS server listening');
    }

    // Links in notifications point at the API; a process without the API role uses the configured address.
    const configuredApi =
      config.api.port !== 0 && !['0.0.0.0', '::'].includes(config.api.host)
        ? {
            apiBaseUrl: `http://${config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host}:${config.api.port}`,
          }
        : {};
    // Providers (DNS, recovery) are built once here; actions (and later faults) look them up by name.
    const providers = buildProviders(config, {
      redis,
      prefix,
      createLogger,
      builtinDnsServer: () =>
        dnsPort === undefined || !config.dns ? undefined : { host: config.dns.listen.host, port: dnsPort },
    });
    closers.push(() => providers.close());
    const services: ActionServices = { providers, log: createLogger('actions'), ...configuredApi };
    const allAlarms = () => [...project.alarms, ...project.compositeAlarms];
    const dispatcher = new ActionDispatcher({ connection, prefix });
    const control = new AlarmControl(redis, prefix, alarmStates, allAlarms, (t) => dispatcher.enqueue(t));
    closers.push(() => dispatcher.close());
    if (roles.has('actions') || roles.has('worker')) {
      dispatcher.startWorker({
        actions: () => project.config.actions,
        services,
        recordHistory: (alarm, item) => alarmStates.addHistory(alarm, item),
        gate: alarmGateInputs({
          state: (alarm) => alarmStates.get(alarm),
          mute: (alarm) => control.getMute(alarm),
          windows: () => project.config.maintenanceWindows,
        }),
      });
    }

    let queue: Queue<RunJobData> | undefined;
    if (roles.has('scheduler')) {
      queue = new Queue<RunJobData>(RUNS_QUEUE, { connection, prefix });
      const q = queue;
      closers.push(() => q.close());
      await reconcileSchedulers(q, project.canaries, config.worker.errorRetries);
      const retention = async () => {
        // One process applies retention per interval, however many run the scheduler role.
        if (
          (await redis.set(`${prefix}:retention:lock`, String(process.pid), 'PX', RETENTION_EVERY_MS - 1_000, 'NX')) !==
          'OK'
        )
          return;
        await enforceRetention(
          runs,
          project.dataDir,
          project.canaries.map((c) => c.name),
          project.config.retention,
        );
      };
      const timer = setInterval(
        () => void retention().catch((err: Error) => log.warn({ err: err.message }, 'retention failed')),
        RETENTION_EVERY_MS,
      );
      timer.unref();
      closers.push(async () => clearInterval(timer));
      void retention().catch((err: Error) => log.warn({ err: err.message }, 'retention failed'));
    }

    if (roles.has('worker')) {
      const browser = new BrowserPool();
      closers.push(() => browser.close());
      const worker = startRunWorker({
        connection,
        prefix,
        concurrency: config.worker.concurrency,
        dataDir: project.dataDir,
        canaries: () => project.canaries,
        browser,
        runs,
        metrics,
        ...(opts.onRun ? { onRun: opts.onRun } : {}),
      });
      closers.push(() => worker.close());
    }

    if (roles.has('alarms')) {
      engine = new AlarmEngine({
        redis,
        prefix,
        store: alarmStates,
        metrics,
        alarms: () => project.alarms,
        composites: () => project.compositeAlarms,
        latestRunId: async (canary) => (await runs.list({ canary, limit: 1 }))[0]?.id,
        enqueueActions: (t) => dispatcher.enqueue(t),
        evaluationDelayMs: config.alarmEngine.evaluationDelayMs,
        historyRetentionMs: config.alarmHistory.retentionDays * 86_400_000,
        ...(opts.onTransition ? { onTransition: opts.onTransition } : {}),
      });
      await engine.start();
      const e = engine;
      closers.push(async () => e.stop());
    }

    if (roles.has('api')) {
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
        ...(config.api.token ? { token: config.api.token } : {}),
        ...(config.dns
          ? {
              dns: {
                records: () => dnsRecords,
                sides: () => dnsState.sides(),
                audit: (r: string | undefined, n: number) => dnsState.audit(r, n),
              },
            }
          : {}),
      });
      const server: Server = await new Promise((resolve, reject) => {
        const s = app.listen(opts.apiPort ?? config.api.port, config.api.host, (err?: Error) =>
          err ? reject(err) : resolve(s),
        );
      });
      closers.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      const port = (server.address() as AddressInfo).port;
      apiUrl = `http://${config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host}:${port}`;
      services.apiBaseUrl = apiUrl;
      log.info({ url: apiUrl }, 'HTTP API listening');
    }

    const reload = async (next: Project): Promise<string[]> => {
      const restartOnly = restartOnlyChanges(project, next);
      project = next;
      if (queue) await reconcileSchedulers(queue, next.canaries, next.config.worker.errorRetries);
      await engine?.registerConfigs();
      log.info({ canaries: next.canaries.length, alarms: next.alarms.length, restartOnly }, 'configuration reloaded');
      return restartOnly;
    };
    return {
      redisUrl: resolved.url,
      apiUrl,
      dnsPort,
      prefix,
      runs,
      metrics,
      alarmStates,
      dnsState,
      engine,
      control,
      reload,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Settings read once at start: changing them needs a restart. */
function restartOnlyChanges(a: Project, b: Project): string[] {
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
  });
  const x = pick(a);
  const y = pick(b);
  return (Object.keys(x) as Array<keyof typeof x>).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}
