import { Redis } from 'ioredis';
import { ActionDispatcher } from '../actions/action-dispatcher.ts';
import { DnsRecordStateStore } from '../providers/builtin-dns/record-state-store.ts';
import { AlarmControl } from '../alarms/alarm-control.ts';
import { AlarmStateStore } from '../alarms/alarm-state-store.ts';
import type { Project } from '../config/project.ts';
import { createLogger } from '../core/logger.ts';
import { RedisEventStream } from '../events/redis-event-stream.ts';
import { buildProviders, type Providers } from '../providers/build-providers.ts';
import { MetricStore } from '../metrics/metric-store.ts';
import { MetricStreamTap } from '../streams/metric-stream-tap.ts';
import { resolveRedis } from '../runner/resolve-redis.ts';
import { RunStore } from '../runner/run-store.ts';
import { withClosers } from './closers.ts';
import { FaultStore } from '../chaos/fault-store.ts';
import { createLogService, type LogService } from '../logs/log-service.ts';
import { RedisFaultView } from '../chaos/fault-view.ts';
import { RedisFaultController } from '../chaos/fault-controller.ts';
import { faultCheckContext } from '../config/fault-check-context.ts';

/** The clients and stores every role shares; one set per process. */
export interface Clients {
  redisUrl: string;
  prefix: string;
  /** The shared command connection (BullMQ queues and workers duplicate it where they block). */
  redis: Redis;
  runs: RunStore;
  metrics: MetricStore;
  alarmStates: AlarmStateStore;
  dnsState: DnsRecordStateStore;
  events: RedisEventStream;
  /** DNS and recovery providers by name, built once per process; actions (and faults) look them up. */
  providers: Providers;
  /** The leases of active faults (all processes). */
  faultStore: FaultStore;
  /** The active faults, in memory, for the components that apply served faults (proxy, DNS server). */
  faultView: RedisFaultView;
  /** Injects and ends faults under leases: the CLI, the API, drills and the reaper share it. */
  faults: RedisFaultController;
  /** Where this process's built-in DNS server listens, once the dns role has started it (providers ask it). */
  localDns: { address?: { host: string; port: number } | undefined };
  /** Enqueues a committed transition's actions (the actions role executes them, in this or another process). */
  actionQueue: ActionDispatcher;
  /** Set-state and mutes. */
  control: AlarmControl;
  /** Log groups, streams, events and metric filters (the config's groups are read on each use). */
  logs: LogService;
  close(): Promise<void>;
}

export interface OpenClientsOptions {
  /** May spawn a local redis-server when none is found (`canary up`). */
  allowRedisSpawn?: boolean;
}

/**
 * Finds Redis and opens the clients and stores on it. `project` is read whenever the alarm list is needed, so a
 * reload takes effect; the settings used here (Redis, prefix, limits) are read once.
 */
export async function openClients(project: () => Project, opts: OpenClientsOptions = {}): Promise<Clients> {
  const { config, dataDir } = project();
  const prefix = config.redisPrefix;
  return withClosers(async (defer) => {
    const resolved = await resolveRedis(config.redis, dataDir, opts.allowRedisSpawn ?? false);
    defer(() => resolved.stop());
    const redis = new Redis(resolved.url, { maxRetriesPerRequest: null });
    defer(async () => void (await redis.quit()));
    const alarmStates = new AlarmStateStore(redis, prefix, config.alarmHistory.maxItems);
    const actionQueue = new ActionDispatcher({ connection: redis, prefix });
    defer(() => actionQueue.close());
    const events = new RedisEventStream({ redis, prefix, maxLength: config.events.maxLength });
    defer(() => events.close());
    const localDns: Clients['localDns'] = {};
    const providers = buildProviders(config, {
      redis,
      prefix,
      createLogger,
      builtinDnsServer: () => localDns.address,
    });
    defer(() => providers.close());
    // Every write also reaches the metric-stream buffer when a stream selects it (the config is read per write).
    const tap = new MetricStreamTap(prefix, () => project().config.metricStreams);
    const metrics = new MetricStore(redis, prefix, { retention: config.metrics.retention, tap });
    const logs = createLogService({
      redis,
      prefix,
      metrics,
      groups: () => project().config.logs.groups,
      maxEventsPerGroup: config.logs.maxEventsPerGroup,
    });
    const faultView = await new RedisFaultView(redis, prefix, { log: createLogger('faults') }).start();
    defer(() => faultView.close());
    const faultStore = new FaultStore(redis, prefix);
    const faults = new RedisFaultController({
      store: faultStore,
      redis,
      prefix,
      events,
      services: { providers, log: createLogger('faults') },
      checkContext: () => faultCheckContext(project().config),
      leaseMs: () => project().config.faults.leaseSeconds * 1000,
    });
    // Reverts what this process still holds, before the event stream and Redis close.
    defer(() => faults.close());
    return {
      redisUrl: resolved.url,
      prefix,
      redis,
      runs: new RunStore(redis, prefix),
      metrics,
      logs,
      alarmStates,
      dnsState: new DnsRecordStateStore(redis, `${prefix}:`, { zones: config.dns?.zones ?? [] }),
      events,
      providers,
      faultStore,
      faultView,
      faults,
      localDns,
      actionQueue,
      control: new AlarmControl(
        redis,
        prefix,
        alarmStates,
        () => [...project().alarms, ...project().compositeAlarms],
        (t) => actionQueue.enqueue(t),
      ),
    };
  });
}
