/** Logs: groups, streams and events in Redis, PutLogEvents' rules, metric filters, syslog ingestion. */
export { createLogService, type LogGroupDeclaration, type LogService, type LogServiceOptions } from './log-service.ts';
export {
  LogStore,
  type FilterPage,
  type FilterQuery,
  type LogGroupInfo,
  type LogStreamInfo,
  type StoredLogEvent,
} from './log-store.ts';
export { LogIngestor, type PutLogEventsResult } from './log-ingestor.ts';
export { LogsError } from './logs-error.ts';
export {
  checkLogEventsBatch,
  parseLogEvents,
  type InputLogEvent,
  type RejectedLogEventsInfo,
} from './put-log-events.ts';
export { PUT_LOG_EVENTS_LIMITS } from './put-log-events-limits.ts';
export { RETENTION_DAYS, logGroupNameProblem, logStreamNameProblem, retentionProblem } from './log-group-rules.ts';
export type { MetricFilterConfig } from './metric-filter-config.ts';
export { MetricFilterDefaults } from './metric-filter-defaults.ts';
