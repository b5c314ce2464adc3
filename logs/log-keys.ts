/**
 * The Redis key layout of logs (under the project's `redisPrefix`, `p` below). Group names cannot hold `:` and
 * stream names are stored as hash fields and stream entry values, so no name can collide with another key.
 *
 * | key | type | holds |
 * |---|---|---|
 * | `p:logs:groups` | hash | group name → `{ logGroupName, retentionInDays?, creationTime, source }` |
 * | `p:logs:g:<group>:events` | stream | one entry per event: fields `s` (stream), `t` (timestamp ms), `m` (message); the entry id's time is the ingestion time |
 * | `p:logs:g:<group>:streams` | hash | stream name → `creationTime,firstEventTimestamp,lastEventTimestamp,lastIngestionTime` |
 * | `p:logs:filters` | hash | `<group>\0<filter>` → `{ createdAt, definition }`: when each metric filter first existed |
 * | `p:logs:mf:<group>\0<filter>:matched` | sorted set | minutes (epoch ms) in which the filter matched, last 2 days |
 * | `p:logs:mf:defaults` | hash | `<group>\0<filter>` → the last minute whose default value was settled |
 */
export class LogKeys {
  readonly groups: string;
  readonly filters: string;
  readonly defaults: string;

  constructor(readonly prefix: string) {
    this.groups = `${prefix}:logs:groups`;
    this.filters = `${prefix}:logs:filters`;
    this.defaults = `${prefix}:logs:mf:defaults`;
  }

  events(group: string): string {
    return `${this.prefix}:logs:g:${group}:events`;
  }

  streams(group: string): string {
    return `${this.prefix}:logs:g:${group}:streams`;
  }

  matched(filterId: string): string {
    return `${this.prefix}:logs:mf:${filterId}:matched`;
  }
}

/** The id of a metric filter in keys and hash fields. */
export const filterId = (group: string, filter: string): string => `${group}\u0000${filter}`;
