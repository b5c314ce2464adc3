import type { Redis } from 'ioredis';
import { createLogger, type Logger } from '../core/logger.ts';
import type { MetricStore } from '../metrics/metric-store.ts';
import { filterId, type LogKeys } from './log-keys.ts';
import { logStreamNameProblem } from './log-group-rules.ts';
import type { LogStore } from './log-store.ts';
import { invalid } from './logs-error.ts';
import { evaluateFilterBatch, type LiveMetricFilter } from './metric-filter-batch.ts';
import { publishFilterData } from './publish-filter-data.ts';
import { checkLogEventsBatch, type InputLogEvent, type RejectedLogEventsInfo } from './put-log-events.ts';

export interface PutLogEventsResult {
  /** Events stored. */
  accepted: number;
  rejectedLogEventsInfo?: RejectedLogEventsInfo;
  /** Metric filter matches in the accepted events, and datapoints published. */
  metricFilterMatches: number;
  datapoints: number;
}

export interface LogIngestorDeps {
  redis: Redis;
  store: LogStore;
  metrics: MetricStore;
  /** The metric filters of a group in force now (compiled once per configuration). */
  filtersFor: (group: string) => readonly LiveMetricFilter[];
  now?: () => number;
  log?: Logger;
}

/** How long a filter's matched minutes are remembered (for default values). */
const MATCHED_KEEP_MS = 2 * 86_400_000;

/**
 * PutLogEvents: checks a batch (put-log-events.ts), stores the accepted events, then runs the group's metric
 * filters over them (only events ingested now: a filter never sees events from before it existed) and publishes
 * the aggregated datapoints through PutMetricData's rules into the metric store, where alarms read them.
 */
export class LogIngestor {
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly keys: LogKeys;

  constructor(private readonly deps: LogIngestorDeps) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? createLogger('logs');
    this.keys = deps.store.keys;
  }

  /** @throws LogsError (400 bad batch or stream name, 404 unknown group, 413 too large); nothing is stored then. */
  async put(group: string, stream: string, events: readonly InputLogEvent[]): Promise<PutLogEventsResult> {
    const streamProblem = logStreamNameProblem(stream);
    if (streamProblem) throw invalid(streamProblem);
    const info = await this.deps.store.requireGroup(group);
    const now = this.now();
    const checked = checkLogEventsBatch(events, now, info.retentionInDays);
    const base = checked.rejectedLogEventsInfo ? { rejectedLogEventsInfo: checked.rejectedLogEventsInfo } : {};
    if (checked.accepted.length === 0) return { accepted: 0, ...base, metricFilterMatches: 0, datapoints: 0 };
    await this.deps.store.append(group, stream, checked.accepted);
    const { matches, datapoints } = await this.applyFilters(group, checked.accepted, now);
    return { accepted: checked.accepted.length, ...base, metricFilterMatches: matches, datapoints };
  }

  private async applyFilters(
    group: string,
    events: readonly InputLogEvent[],
    now: number,
  ): Promise<{ matches: number; datapoints: number }> {
    const filters = this.deps.filtersFor(group);
    if (filters.length === 0) return { matches: 0, datapoints: 0 };
    const result = evaluateFilterBatch(filters, events);
    let datapoints = 0;
    for (const [namespace, data] of result.byNamespace)
      datapoints += (await publishFilterData(this.deps.metrics, namespace, data, now, this.log)).stored;
    const pipeline = this.deps.redis.pipeline();
    let marks = 0;
    filters.forEach((f, i) => {
      const minutes = result.matchedMinutes[i];
      if (f.config.defaultValue === undefined || !minutes || minutes.size === 0) return;
      const key = this.keys.matched(filterId(group, f.config.name));
      pipeline.zadd(key, ...[...minutes].flatMap((m) => [m, m]));
      pipeline.zremrangebyscore(key, '-inf', `(${now - MATCHED_KEEP_MS}`);
      pipeline.pexpire(key, MATCHED_KEEP_MS);
      marks += 1;
    });
    if (marks > 0) await pipeline.exec();
    return { matches: result.matches, datapoints };
  }
}
