import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '../core/logger.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { LogIngestor } from './log-ingestor.ts';
import { LogStore } from './log-store.ts';
import { compileFilter, type LiveMetricFilter } from './metric-filter-batch.ts';
import type { MetricFilterConfig } from './metric-filter-config.ts';
import { MetricFilterDefaults, type GroupFilters } from './metric-filter-defaults.ts';

/** A log group as the config declares it. */
export interface LogGroupDeclaration {
  name: string;
  retentionInDays?: number | undefined;
  metricFilters: readonly MetricFilterConfig[];
}

export interface LogServiceOptions {
  redis: Redis;
  prefix: string;
  metrics: MetricStore;
  /** The config's groups in force (read on every use, so a reload takes effect). */
  groups: () => readonly LogGroupDeclaration[];
  maxEventsPerGroup?: number;
  now?: () => number;
  log?: Logger;
}

/** The logs store, the ingestion path with the config's metric filters, and their default values: one per process. */
export interface LogService {
  store: LogStore;
  ingestor: LogIngestor;
  defaults: MetricFilterDefaults;
  /** The config's groups with their filters, for `defaults.register` / `defaults.publish`. */
  groupFilters(): GroupFilters[];
  /** Creates the config's groups and records its filters' creation times (start and reload). */
  syncConfig(): Promise<void>;
}

export function createLogService(o: LogServiceOptions): LogService {
  const log = o.log ?? createLogger('logs');
  const store = new LogStore(o.redis, o.prefix, o.maxEventsPerGroup ? { maxEventsPerGroup: o.maxEventsPerGroup } : {});
  // Compiled once per configuration (the groups array is replaced on reload).
  let compiledFor: readonly LogGroupDeclaration[] | undefined;
  let compiled = new Map<string, LiveMetricFilter[]>();
  const filtersFor = (group: string): readonly LiveMetricFilter[] => {
    const groups = o.groups();
    if (groups !== compiledFor) {
      // A filter that does not compile (validation keeps them out of configs) is skipped, logged once.
      compiled = new Map(
        groups.map((g) => [
          g.name,
          g.metricFilters.flatMap((f) => {
            try {
              return [compileFilter(f)];
            } catch (err) {
              log.error({ group: g.name, filter: f.name, err: (err as Error).message }, 'metric filter skipped');
              return [];
            }
          }),
        ]),
      );
      compiledFor = groups;
    }
    return compiled.get(group) ?? [];
  };
  const ingestor = new LogIngestor({
    redis: o.redis,
    store,
    metrics: o.metrics,
    filtersFor,
    log,
    ...(o.now ? { now: o.now } : {}),
  });
  const defaults = new MetricFilterDefaults(o.redis, o.prefix, o.metrics, log);
  const groupFilters = () => o.groups().map((g) => ({ group: g.name, filters: g.metricFilters }));
  return {
    store,
    ingestor,
    defaults,
    groupFilters,
    async syncConfig() {
      const now = (o.now ?? Date.now)();
      await store.syncConfigGroups(o.groups(), now);
      await defaults.register(groupFilters(), now);
    },
  };
}
