import type { Redis } from 'ioredis';
import { LogKeys } from './log-keys.ts';
import { LogsError } from './logs-error.ts';
import type { InputLogEvent } from './put-log-events.ts';

export interface LogGroupInfo {
  logGroupName: string;
  /** Absent: events never expire. */
  retentionInDays?: number;
  /** Epoch ms. */
  creationTime: number;
  /** Declared in `logs.groups` of the config, or created through the API. */
  source: 'config' | 'api';
}

export interface LogStreamInfo {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp: number;
  lastEventTimestamp: number;
  lastIngestionTime: number;
}

export interface StoredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** The Redis stream entry id (unique within the group). */
  eventId: string;
}

export interface FilterQuery {
  /** Only these streams (all when absent or empty). */
  streams?: readonly string[];
  /** Event timestamps in [start, end) (epoch ms). */
  start?: number;
  end?: number;
  /** Whether an event's message is wanted (a compiled filter pattern's `test`). */
  test?: (message: string) => boolean;
  limit: number;
  /** Continue after this entry id (from a previous page). */
  after?: string;
  order: 'oldest' | 'newest';
  /** Entries examined at most in one call; the page may end early with a `next` to continue. */
  scanLimit?: number;
}

export interface FilterPage {
  events: StoredLogEvent[];
  /** The entry id to continue after, when there may be more. */
  next?: string;
  scanned: number;
}

export interface LogStoreOptions {
  /** Events kept per group at most (older ones are trimmed, approximately, as they are added). */
  maxEventsPerGroup?: number;
}

/** Events may be ingested up to this long before their timestamp (the "too new" limit). */
const MAX_LEAD_MS = 2 * 3_600_000;
/** …and this long after it (the "too old" limit). */
const MAX_LAG_MS = 14 * 86_400_000;
const SCAN_PAGE = 1000;

/**
 * KEYS: events stream, streams hash. ARGV: max length, stream name, then timestamp/message pairs. Appends each event
 * (entry id `*`: the server's clock is the ingestion time), trims the stream to about the max length, and updates the
 * stream's first/last timestamps. Returns the ingestion time.
 */
const PUT_EVENTS = `
local maxlen = ARGV[1]
local stream = ARGV[2]
local first, last = nil, nil
local id
for i = 3, #ARGV, 2 do
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*', 's', stream, 't', ARGV[i], 'm', ARGV[i + 1])
  local t = tonumber(ARGV[i])
  if first == nil or t < first then first = t end
  if last == nil or t > last then last = t end
end
local now = tonumber(string.match(id, '^(%d+)'))
local cur = redis.call('HGET', KEYS[2], stream)
local created, f, l = now, first, last
if cur then
  local c, cf, cl = string.match(cur, '^(%d+),(%d+),(%d+)')
  created = tonumber(c)
  if tonumber(cf) < f then f = tonumber(cf) end
  if tonumber(cl) > l then l = tonumber(cl) end
end
redis.call('HSET', KEYS[2], stream, string.format('%d,%d,%d,%d', created, f, l, now))
return now
`;

/** Log groups, streams and events in Redis (the layout is in log-keys.ts). */
export class LogStore {
  readonly keys: LogKeys;
  private readonly maxEvents: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: LogStoreOptions = {},
  ) {
    this.keys = new LogKeys(prefix);
    this.maxEvents = options.maxEventsPerGroup ?? 1_000_000;
  }

  /** Creates a group. @throws LogsError 409 when it exists. */
  async createGroup(info: Omit<LogGroupInfo, 'creationTime'>, now = Date.now()): Promise<LogGroupInfo> {
    const group: LogGroupInfo = { ...info, creationTime: now };
    const created = await this.redis.hsetnx(this.keys.groups, info.logGroupName, JSON.stringify(group));
    if (created === 0)
      throw new LogsError(409, 'ResourceAlreadyExistsException', `log group ${info.logGroupName} already exists`);
    return group;
  }

  /**
   * Makes the config's groups exist with the config's retention (a group first created through the API becomes a
   * config group); keeps creation times. Groups no longer in the config stay, with their events.
   */
  async syncConfigGroups(
    groups: ReadonlyArray<{ name: string; retentionInDays?: number | undefined }>,
    now = Date.now(),
  ) {
    if (groups.length === 0) return;
    const current = await this.redis.hmget(this.keys.groups, ...groups.map((g) => g.name));
    const multi = this.redis.multi();
    groups.forEach((g, i) => {
      const old = current[i] ? (JSON.parse(current[i]) as LogGroupInfo) : undefined;
      const next: LogGroupInfo = {
        logGroupName: g.name,
        ...(g.retentionInDays === undefined ? {} : { retentionInDays: g.retentionInDays }),
        creationTime: old?.creationTime ?? now,
        source: 'config',
      };
      multi.hset(this.keys.groups, g.name, JSON.stringify(next));
    });
    await multi.exec();
  }

  async getGroup(name: string): Promise<LogGroupInfo | undefined> {
    const raw = await this.redis.hget(this.keys.groups, name);
    return raw ? (JSON.parse(raw) as LogGroupInfo) : undefined;
  }

  /** @throws LogsError 404 */
  async requireGroup(name: string): Promise<LogGroupInfo> {
    const g = await this.getGroup(name);
    if (!g)
      throw new LogsError(
        404,
        'ResourceNotFoundException',
        `log group ${JSON.stringify(name)} does not exist: declare it in logs.groups or create it with POST /api/logs/groups`,
      );
    return g;
  }

  async listGroups(prefix?: string): Promise<LogGroupInfo[]> {
    const all = Object.values(await this.redis.hgetall(this.keys.groups)).map((s) => JSON.parse(s) as LogGroupInfo);
    return all
      .filter((g) => prefix === undefined || g.logGroupName.startsWith(prefix))
      .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  }

  async listStreams(group: string): Promise<LogStreamInfo[]> {
    const raw = await this.redis.hgetall(this.keys.streams(group));
    return Object.entries(raw)
      .map(([logStreamName, v]) => {
        const [creationTime = 0, firstEventTimestamp = 0, lastEventTimestamp = 0, lastIngestionTime = 0] = v
          .split(',')
          .map(Number);
        return { logStreamName, creationTime, firstEventTimestamp, lastEventTimestamp, lastIngestionTime };
      })
      .sort((a, b) => (a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0));
  }

  /** Appends checked events to a stream of an existing group (created on first use); returns the ingestion time. */
  async append(group: string, stream: string, events: readonly InputLogEvent[]): Promise<number> {
    const args: Array<string | number> = [this.maxEvents, stream];
    for (const e of events) args.push(e.timestamp, e.message);
    return Number(await this.redis.eval(PUT_EVENTS, 2, this.keys.events(group), this.keys.streams(group), ...args));
  }

  /**
   * FilterLogEvents over one group: events whose timestamp is in [start, end), in the given streams, that pass
   * `test`, in ingestion order (oldest or newest first). Reads at most `scanLimit` entries per call.
   */
  async filter(group: string, q: FilterQuery): Promise<FilterPage> {
    const key = this.keys.events(group);
    const start = q.start ?? 0;
    const end = q.end ?? Number.MAX_SAFE_INTEGER;
    // An event is ingested within [timestamp - 2 h, timestamp + 14 d]: only that range of entry ids can hold it.
    const low = Math.max(0, start - MAX_LEAD_MS);
    const high = end >= Number.MAX_SAFE_INTEGER - MAX_LAG_MS ? '+' : String(end + MAX_LAG_MS);
    const streams = q.streams && q.streams.length > 0 ? new Set(q.streams) : undefined;
    const scanLimit = q.scanLimit ?? 10_000;
    const out: StoredLogEvent[] = [];
    let scanned = 0;
    let cursor: string | undefined = q.after;
    for (;;) {
      const batch = Math.min(SCAN_PAGE, scanLimit - scanned);
      if (batch <= 0) return { events: out, next: cursor ?? '0', scanned };
      const entries = (
        q.order === 'oldest'
          ? await this.redis.xrange(key, cursor ? `(${cursor}` : String(low), high, 'COUNT', batch)
          : await this.redis.xrevrange(key, cursor ? `(${cursor}` : high, String(low), 'COUNT', batch)
      ) as Array<[string, string[]]>;
      for (const [id, fields] of entries) {
        scanned += 1;
        cursor = id;
        const e = decodeEntry(id, fields);
        if (!e || e.timestamp < start || e.timestamp >= end) continue;
        if (streams && !streams.has(e.logStreamName)) continue;
        if (q.test && !q.test(e.message)) continue;
        out.push(e);
        if (out.length >= q.limit) return { events: out, next: id, scanned };
      }
      if (entries.length < batch) return { events: out, scanned };
    }
  }

  /**
   * Removes events ingested longer ago than each group's retention (XTRIM MINID), and the streams left without
   * events; returns how many events per group.
   */
  async trimExpired(now = Date.now()): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const g of await this.listGroups()) {
      if (g.retentionInDays === undefined) continue;
      const minId = now - g.retentionInDays * 86_400_000;
      const n = await this.redis.xtrim(this.keys.events(g.logGroupName), 'MINID', String(minId));
      if (n > 0) removed[g.logGroupName] = n;
      // A stream with nothing ingested since then holds no events any more: forget it, so the list stays bounded.
      const gone = (await this.listStreams(g.logGroupName))
        .filter((st) => st.lastIngestionTime < minId)
        .map((st) => st.logStreamName);
      if (gone.length > 0) await this.redis.hdel(this.keys.streams(g.logGroupName), ...gone);
    }
    return removed;
  }
}

function decodeEntry(id: string, fields: string[]): StoredLogEvent | undefined {
  let s: string | undefined;
  let t: string | undefined;
  let m: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const k = fields[i];
    if (k === 's') s = fields[i + 1];
    else if (k === 't') t = fields[i + 1];
    else if (k === 'm') m = fields[i + 1];
  }
  if (s === undefined || t === undefined || m === undefined) return undefined;
  return { logStreamName: s, timestamp: Number(t), message: m, ingestionTime: Number(id.split('-')[0]), eventId: id };
}
