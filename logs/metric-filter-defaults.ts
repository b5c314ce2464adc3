import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '../core/logger.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { filterId, LogKeys } from './log-keys.ts';
import type { MetricFilterConfig } from './metric-filter-config.ts';
import { publishFilterData } from './publish-filter-data.ts';

export interface GroupFilters {
  group: string;
  filters: readonly MetricFilterConfig[];
}

/** A minute is settled this long after it closes at the latest, however far behind the publisher is. */
const MAX_CATCH_UP_MS = 24 * 3_600_000;

/**
 * Metric filters' creation times and default values. `register` records when each filter (by group, name and
 * definition) first existed; `publish(now)` writes, for each filter with a `defaultValue` and every closed minute
 * since it existed in which it matched nothing, ONE standard-resolution datapoint (value = defaultValue, at the
 * minute's start), so a quiet minute reads 0 instead of missing, at one datapoint per filter per quiet minute (not
 * per event or second). Writes carry an id per filter and minute, so several processes running it store each once.
 */
export class MetricFilterDefaults {
  private readonly keys: LogKeys;
  private readonly log: Logger;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly metrics: MetricStore,
    log?: Logger,
  ) {
    this.keys = new LogKeys(prefix);
    this.log = log ?? createLogger('logs');
  }

  /** Records creation times: a new filter, or one whose definition changed, exists from `now`. */
  async register(groups: readonly GroupFilters[], now = Date.now()): Promise<void> {
    const entries = groups.flatMap((g) => g.filters.map((f) => ({ id: filterId(g.group, f.name), f })));
    if (entries.length === 0) return;
    const current = await this.redis.hmget(this.keys.filters, ...entries.map((e) => e.id));
    const multi = this.redis.multi();
    let changed = 0;
    entries.forEach((e, i) => {
      const definition = JSON.stringify(e.f);
      const old = current[i] ? (JSON.parse(current[i]) as { definition?: string }) : undefined;
      if (old?.definition === definition) return;
      multi.hset(this.keys.filters, e.id, JSON.stringify({ createdAt: now, definition }));
      multi.hdel(this.keys.defaults, e.id);
      changed += 1;
    });
    if (changed > 0) await multi.exec();
  }

  /** Publishes the default values of every closed minute not yet settled; returns how many datapoints. */
  async publish(groups: readonly GroupFilters[], now = Date.now()): Promise<number> {
    const lastClosed = Math.floor(now / 60_000) * 60_000 - 60_000;
    let published = 0;
    for (const g of groups) {
      for (const f of g.filters) {
        if (f.defaultValue === undefined) continue;
        const id = filterId(g.group, f.name);
        const [created, settled] = await this.redis
          .multi()
          .hget(this.keys.filters, id)
          .hget(this.keys.defaults, id)
          .exec()
          .then((r) => (r ?? []).map(([, v]) => v as string | null));
        if (!created) continue;
        const createdAt = (JSON.parse(created) as { createdAt: number }).createdAt;
        // The first full minute the filter existed in.
        let from = Math.ceil(createdAt / 60_000) * 60_000;
        if (settled) from = Math.max(from, Number(settled) + 60_000);
        from = Math.max(from, lastClosed - MAX_CATCH_UP_MS);
        if (from > lastClosed) continue;
        const matched = new Set((await this.redis.zrangebyscore(this.keys.matched(id), from, lastClosed)).map(Number));
        const data: Array<Record<string, unknown>> = [];
        const ids: string[] = [];
        for (let m = from; m <= lastClosed; m += 60_000) {
          if (matched.has(m)) continue;
          data.push({
            metricName: f.metricName,
            timestamp: m,
            value: f.defaultValue,
            ...(f.unit ? { unit: f.unit } : {}),
            storageResolution: 60,
          });
          ids.push(`logs-default:${id}:${m}`);
        }
        if (data.length > 0)
          published += (await publishFilterData(this.metrics, f.metricNamespace, data, now, this.log, ids)).stored;
        await this.redis.hset(this.keys.defaults, id, String(lastClosed));
      }
    }
    return published;
  }
}
