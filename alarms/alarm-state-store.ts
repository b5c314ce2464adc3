import type { Redis } from 'ioredis';
import type { AlarmHistoryItem, AlarmState, AlarmTransition } from '../core/types.ts';

export interface StoredAlarmState {
  state: AlarmState;
  reason: string;
  updatedAt: string;
  transitionId?: string;
  /** The state before the latest transition. */
  previousState?: AlarmState;
  configHash?: string;
  lastEvaluatedAt?: string;
}

// Compare-and-set a transition: only the evaluator that still sees the old state commits it, and the
// transition's actions land in the outbox in the same atomic step, so a crash cannot lose them.
const COMMIT_TRANSITION = `
local cur = redis.call('HGET', KEYS[1], 'state') or 'INSUFFICIENT_DATA'
if cur ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'reason', ARGV[3], 'updatedAt', ARGV[4], 'transitionId', ARGV[5], 'previousState', cur, 'reminderSent', '0')
redis.call('LPUSH', KEYS[2], ARGV[6])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[8]) - 1)
if ARGV[7] ~= '' then redis.call('HSET', KEYS[3], ARGV[5], ARGV[7]) end
return 1
`;

// History items are JSON with an ISO "timestamp" first-level field; ISO strings compare in time order.
const TRIM_HISTORY = `
for i = 1, 10000 do
  local last = redis.call('LINDEX', KEYS[1], -1)
  if not last then return i - 1 end
  local ts = cjson.decode(last)['timestamp']
  if ts and ts < ARGV[1] then redis.call('RPOP', KEYS[1]) else return i - 1 end
end
return 10000
`;

const CLAIM_REMINDER = `
if redis.call('HGET', KEYS[1], 'transitionId') ~= ARGV[1] then return 0 end
local sent = tonumber(redis.call('HGET', KEYS[1], 'reminderSent') or '0')
if sent >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'reminderSent', ARGV[2])
return 1
`;

const CHUNK = 1000;
const STATE_FIELDS = [
  'state',
  'reason',
  'updatedAt',
  'transitionId',
  'previousState',
  'configHash',
  'lastEvaluatedAt',
] as const;

const GET_STATES = `
local out = {}
for i, k in ipairs(KEYS) do
  out[i] = redis.call('HMGET', k, ${STATE_FIELDS.map((f) => `'${f}'`).join(', ')})
end
return out
`;

// KEYS: evals1, state1, evals2, state2, …  ARGV: limit, trace1, at1, trace2, at2, …
const RECORD_EVALUATIONS = `
local limit = tonumber(ARGV[1])
for i = 1, #KEYS, 2 do
  local j = i + 1
  redis.call('LPUSH', KEYS[i], ARGV[j])
  redis.call('LTRIM', KEYS[i], 0, limit - 1)
  redis.call('HSET', KEYS[i + 1], 'lastEvaluatedAt', ARGV[j + 1])
end
return #KEYS / 2
`;

function toState(row: ReadonlyArray<string | null>): StoredAlarmState {
  const v = Object.fromEntries(STATE_FIELDS.map((f, i) => [f, row[i] ?? undefined])) as Partial<
    Record<(typeof STATE_FIELDS)[number], string>
  >;
  return {
    state: (v.state as AlarmState | undefined) ?? 'INSUFFICIENT_DATA',
    reason: v.reason ?? 'Unchecked: Initial alarm creation',
    updatedAt: v.updatedAt ?? new Date(0).toISOString(),
    ...(v.transitionId ? { transitionId: v.transitionId } : {}),
    ...(v.previousState ? { previousState: v.previousState as AlarmState } : {}),
    ...(v.configHash ? { configHash: v.configHash } : {}),
    ...(v.lastEvaluatedAt ? { lastEvaluatedAt: v.lastEvaluatedAt } : {}),
  };
}

/** Alarm state, history, evaluation traces and the action outbox, persisted in Redis. */
export class AlarmStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly historyLimit = 1000,
    private readonly evaluationLimit = 50,
  ) {}

  private k(kind: string, name: string): string {
    return `${this.prefix}:alarms:${kind}:${name}`;
  }

  get outboxKey(): string {
    return `${this.prefix}:alarms:outbox`;
  }

  async get(name: string): Promise<StoredAlarmState> {
    return (await this.getMany([name]))[0] as StoredAlarmState;
  }

  async getMany(names: ReadonlyArray<string>): Promise<StoredAlarmState[]> {
    const out: StoredAlarmState[] = [];
    // One script call per chunk instead of one command per alarm: 10,000 alarms per tick stay cheap.
    for (let i = 0; i < names.length; i += CHUNK) {
      const chunk = names.slice(i, i + CHUNK);
      const rows = (await this.redis.eval(GET_STATES, chunk.length, ...chunk.map((n) => this.k('state', n)))) as Array<
        Array<string | null>
      >;
      for (const row of rows) out.push(toState(row));
    }
    return out;
  }

  /** Records the alarm's configuration; returns true when it is new or changed (a ConfigurationUpdate). */
  async registerConfig(name: string, configHash: string, summary: string): Promise<boolean> {
    const prev = await this.redis.hget(this.k('state', name), 'configHash');
    if (prev === configHash) return false;
    const now = new Date().toISOString();
    const item: AlarmHistoryItem = {
      timestamp: now,
      type: 'ConfigurationUpdate',
      summary: prev ? `Alarm "${name}" updated` : `Alarm "${name}" created`,
      data: { summary },
    };
    const multi = this.redis.multi().hset(this.k('state', name), 'configHash', configHash);
    if (!prev)
      multi
        .hsetnx(this.k('state', name), 'state', 'INSUFFICIENT_DATA')
        .hsetnx(this.k('state', name), 'reason', 'Unchecked: Initial alarm creation')
        .hsetnx(this.k('state', name), 'updatedAt', now);
    await multi
      .lpush(this.k('history', name), JSON.stringify(item))
      .ltrim(this.k('history', name), 0, this.historyLimit - 1)
      .exec();
    return true;
  }

  /** Atomically applies a transition if the alarm is still in `t.oldState`; returns whether it was applied. */
  async commitTransition(t: AlarmTransition): Promise<boolean> {
    return (await this.commitTransitions([t]))[0] ?? false;
  }

  /** Applies many transitions in one round trip; each is compare-and-set on its own. */
  async commitTransitions(ts: ReadonlyArray<AlarmTransition>): Promise<boolean[]> {
    if (ts.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const t of ts) {
      const item: AlarmHistoryItem = {
        timestamp: t.timestamp,
        type: 'StateUpdate',
        summary: `Alarm updated from ${t.oldState} to ${t.newState}`,
        oldState: t.oldState,
        newState: t.newState,
        reason: t.reason,
        transitionId: t.id,
      };
      pipe.eval(
        COMMIT_TRANSITION,
        3,
        this.k('state', t.alarm),
        this.k('history', t.alarm),
        this.outboxKey,
        t.oldState,
        t.newState,
        t.reason,
        t.timestamp,
        t.id,
        JSON.stringify(item),
        t.actions.length > 0 ? JSON.stringify(t) : '',
        String(this.historyLimit),
      );
    }
    const res = (await pipe.exec()) ?? [];
    return res.map(([err, applied]) => {
      if (err) throw err;
      return applied === 1;
    });
  }

  async addHistory(name: string, item: AlarmHistoryItem): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.k('history', name), JSON.stringify(item))
      .ltrim(this.k('history', name), 0, this.historyLimit - 1)
      .exec();
  }

  /** Newest first. */
  async history(name: string, limit = 100): Promise<AlarmHistoryItem[]> {
    return (await this.redis.lrange(this.k('history', name), 0, limit - 1)).map(
      (s) => JSON.parse(s) as AlarmHistoryItem,
    );
  }

  /** Stores evaluation traces (newest first) and the last-evaluated time, for many alarms in one round trip. */
  async recordEvaluations(entries: ReadonlyArray<{ name: string; trace: unknown; at: string }>): Promise<void> {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const keys = chunk.flatMap((e) => [this.k('evals', e.name), this.k('state', e.name)]);
      await this.redis.eval(
        RECORD_EVALUATIONS,
        keys.length,
        ...keys,
        String(this.evaluationLimit),
        ...chunk.flatMap((e) => [JSON.stringify(e.trace), e.at]),
      );
    }
  }

  async evaluations(name: string, limit = 50): Promise<unknown[]> {
    return (await this.redis.lrange(this.k('evals', name), 0, limit - 1)).map((s) => JSON.parse(s) as unknown);
  }

  /** Drops history items older than `cutoff` (ISO time), oldest first, for the given alarms. */
  async trimHistory(names: ReadonlyArray<string>, cutoff: string): Promise<void> {
    const pipe = this.redis.pipeline();
    for (const n of names) pipe.eval(TRIM_HISTORY, 1, this.k('history', n), cutoff);
    await pipe.exec();
  }

  /** Records that reminder `n` of the current ALARM episode was sent; false if it already was or the episode changed. */
  async claimReminder(name: string, transitionId: string, n: number): Promise<boolean> {
    return (await this.redis.eval(CLAIM_REMINDER, 1, this.k('state', name), transitionId, String(n))) === 1;
  }

  async outbox(): Promise<AlarmTransition[]> {
    return Object.values(await this.redis.hgetall(this.outboxKey)).map((s) => JSON.parse(s) as AlarmTransition);
  }

  async clearOutbox(transitionId: string): Promise<void> {
    await this.redis.hdel(this.outboxKey, transitionId);
  }
}
