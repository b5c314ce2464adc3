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
  /** The end (epoch ms) of the last period the engine evaluated for this alarm; it evaluates the next one next. */
  evaluatedThrough?: number;
  /**
   * Incremented by every committed state change (0 before the first); see `AlarmTransition.version`.
   * Always set by the store; optional only so that hand-built states (tests, older callers) stay valid.
   */
  version?: number;
}

/** One metric alarm's evaluation of one period, to record (and, when its decision changes the state, commit). */
export interface EvaluationCommit {
  name: string;
  /** The period end this evaluation is for (epoch ms); becomes the alarm's `evaluatedThrough`. */
  periodEnd: number;
  /** The alarm's `evaluatedThrough` when it was read; the commit is refused if another evaluation moved it. */
  expectedThrough: number | undefined;
  /** The state and version the decision was made from; the commit is refused if either moved since. */
  expectedState: AlarmState;
  expectedVersion: number;
  trace: unknown;
  /** ISO time of the evaluation. */
  at: string;
  /** The state change, if the decision changes the state; its `version` must be `expectedVersion + 1`. */
  transition?: AlarmTransition;
}

/** What became of an {@link EvaluationCommit}. */
export type EvaluationOutcome =
  /** Recorded (and its transition, if any, committed). */
  | 'recorded'
  /** This period was already evaluated (by another engine); nothing written. */
  | 'already-evaluated'
  /** The alarm's state or version moved since it was read (a set-state, say); nothing written: decide again. */
  | 'state-moved';

// Applies a transition to the alarm's state hash, its history and the outbox (in the caller's script).
// Expects locals: st (state key), hist (history key), outbox (outbox key).
const APPLY_TRANSITION = `
local function apply(st, hist, outbox, cur, newState, reason, timestamp, id, item, json, historyLimit, version)
  redis.call('HSET', st, 'state', newState, 'reason', reason, 'updatedAt', timestamp, 'transitionId', id, 'previousState', cur, 'reminderSent', '0', 'version', version)
  redis.call('LPUSH', hist, item)
  redis.call('LTRIM', hist, 0, tonumber(historyLimit) - 1)
  if json ~= '' then redis.call('HSET', outbox, id, json) end
end
`;

// Compare-and-set a transition: only the evaluator that still sees the old state at the version before
// this one commits it, and the transition's actions land in the outbox in the same atomic step, so a crash
// cannot lose them. KEYS: state, history, outbox.
// ARGV: oldState, newState, reason, timestamp, id, historyItem, outboxJson, historyLimit, version.
const COMMIT_TRANSITION = `${APPLY_TRANSITION}
local cur = redis.call('HGET', KEYS[1], 'state') or 'INSUFFICIENT_DATA'
if cur ~= ARGV[1] then return 0 end
local ver = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if ver + 1 ~= tonumber(ARGV[9]) then return 0 end
apply(KEYS[1], KEYS[2], KEYS[3], cur, ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
return 1
`;

// Records evaluations, each for one period of one alarm, exactly once: an evaluation is written only if the
// alarm's evaluatedThrough, state and version are still what the evaluator read. KEYS: outbox, then per alarm
// state, evals, history. ARGV: evaluationLimit, historyLimit, then per alarm 7 values: expectedThrough,
// periodEnd, trace, at, expectedVersion, expectedState, and the position of its transition in the tail ('' for
// none); the tail holds 6 values per transition: newState, reason, timestamp, id, historyItem, outboxJson.
// Returns per alarm 0 (already evaluated), 1 (recorded) or 3 (state moved).
const EVAL_ARGS = 7;
const TRANSITION_ARGS = 6;
const COMMIT_EVALUATIONS = `${APPLY_TRANSITION}
local out = {}
local n = (#KEYS - 1) / 3
local tail = 2 + ${EVAL_ARGS} * n
for i = 1, n do
  local st, evals, hist = KEYS[3 * i - 1], KEYS[3 * i], KEYS[3 * i + 1]
  local a = 2 + ${EVAL_ARGS} * (i - 1)
  local row = redis.call('HMGET', st, 'evaluatedThrough', 'state', 'version')
  local through, cur, ver = row[1] or '', row[2] or 'INSUFFICIENT_DATA', row[3] or '0'
  if through ~= ARGV[a + 1] then
    out[i] = 0
  elseif ver ~= ARGV[a + 5] or cur ~= ARGV[a + 6] then
    out[i] = 3
  else
    redis.call('LPUSH', evals, ARGV[a + 3])
    redis.call('LTRIM', evals, 0, tonumber(ARGV[1]) - 1)
    redis.call('HSET', st, 'evaluatedThrough', ARGV[a + 2], 'lastEvaluatedAt', ARGV[a + 4])
    if ARGV[a + 7] ~= '' then
      local t = tail + ${TRANSITION_ARGS} * tonumber(ARGV[a + 7])
      apply(st, hist, KEYS[1], cur, ARGV[t + 1], ARGV[t + 2], ARGV[t + 3], ARGV[t + 4], ARGV[t + 5], ARGV[t + 6], ARGV[2], tostring(tonumber(ver) + 1))
    end
    out[i] = 1
  end
end
return out
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

// Claims reminder n of the current ALARM episode and puts it in the outbox in the same step.
// KEYS: state, outbox. ARGV: transitionId, n, reminderId, reminderJson.
const CLAIM_REMINDER = `
if redis.call('HGET', KEYS[1], 'transitionId') ~= ARGV[1] then return 0 end
local sent = tonumber(redis.call('HGET', KEYS[1], 'reminderSent') or '0')
if sent >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'reminderSent', ARGV[2])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], ARGV[4]) end
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
  'version',
  'evaluatedThrough',
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
    ...(v.evaluatedThrough ? { evaluatedThrough: Number(v.evaluatedThrough) } : {}),
    version: Number(v.version ?? 0),
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

  /** The alarm's current version (0 before its first state change): a cheap read for staleness checks. */
  async currentVersion(name: string): Promise<number> {
    return Number((await this.redis.hget(this.k('state', name), 'version')) ?? 0);
  }

  /**
   * Whether `t` is still the alarm's latest: its version is the alarm's current version (for a transition
   * without a version, from before versions existed: the alarm's latest transition is `t`, or `t` reminds of it).
   */
  async isLatest(t: AlarmTransition): Promise<boolean> {
    if (t.version !== undefined) return (await this.currentVersion(t.alarm)) === t.version;
    const current = await this.redis.hget(this.k('state', t.alarm), 'transitionId');
    return current !== null && (t.id === current || t.id.startsWith(`${current}-r`));
  }

  /**
   * Atomically applies a transition if the alarm is still in `t.oldState` at version `t.version - 1`;
   * returns whether it was applied. A transition without a version is compared with the version read first.
   */
  async commitTransition(t: AlarmTransition): Promise<boolean> {
    return (await this.commitTransitions([t]))[0] ?? false;
  }

  /** Applies many transitions in one round trip; each is compare-and-set on its own (state and version). */
  async commitTransitions(ts: ReadonlyArray<AlarmTransition>): Promise<boolean[]> {
    if (ts.length === 0) return [];
    const unversioned = ts.filter((t) => t.version === undefined);
    const read = new Map<string, number>();
    if (unversioned.length > 0) {
      const names = [...new Set(unversioned.map((t) => t.alarm))];
      const states = await this.getMany(names);
      names.forEach((n, i) => read.set(n, states[i]?.version ?? 0));
    }
    const pipe = this.redis.pipeline();
    for (const given of ts) {
      const t: AlarmTransition =
        given.version === undefined ? { ...given, version: (read.get(given.alarm) ?? 0) + 1 } : given;
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
        JSON.stringify(stateUpdate(t)),
        t.actions.length > 0 ? JSON.stringify(t) : '',
        String(this.historyLimit),
        String(t.version),
      );
    }
    const res = (await pipe.exec()) ?? [];
    return res.map(([err, applied]) => {
      if (err) throw err;
      return applied === 1;
    });
  }

  /**
   * Records evaluations, each for one period of one alarm, and commits the transitions they decided, in one
   * atomic step per alarm: each period of an alarm is recorded once however many engines evaluate it, and a
   * decision made from a state or version that has moved since is refused (see {@link EvaluationOutcome}).
   */
  async commitEvaluations(entries: ReadonlyArray<EvaluationCommit>): Promise<EvaluationOutcome[]> {
    const out: EvaluationOutcome[] = [];
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const keys = chunk.flatMap((e) => [this.k('state', e.name), this.k('evals', e.name), this.k('history', e.name)]);
      const args: string[] = [];
      const tail: string[] = [];
      for (const e of chunk) {
        const t = e.transition;
        if (t && t.version !== e.expectedVersion + 1)
          throw new Error(`transition ${t.id} must have version ${e.expectedVersion + 1}, not ${t.version}`);
        args.push(
          e.expectedThrough === undefined ? '' : String(e.expectedThrough),
          String(e.periodEnd),
          JSON.stringify(e.trace),
          e.at,
          String(e.expectedVersion),
          e.expectedState,
          t ? String(tail.length / 6) : '',
        );
        if (t)
          tail.push(
            t.newState,
            t.reason,
            t.timestamp,
            t.id,
            JSON.stringify(stateUpdate(t)),
            t.actions.length > 0 ? JSON.stringify(t) : '',
          );
      }
      const codes = (await this.redis.eval(
        COMMIT_EVALUATIONS,
        keys.length + 1,
        this.outboxKey,
        ...keys,
        String(this.evaluationLimit),
        String(this.historyLimit),
        ...args,
        ...tail,
      )) as number[];
      for (const c of codes) out.push(c === 1 ? 'recorded' : c === 0 ? 'already-evaluated' : 'state-moved');
    }
    return out;
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

  /** Newest first. */
  async evaluations(name: string, limit = 50): Promise<unknown[]> {
    return (await this.redis.lrange(this.k('evals', name), 0, limit - 1)).map((s) => JSON.parse(s) as unknown);
  }

  /** Drops history items older than `cutoff` (ISO time), oldest first, for the given alarms. */
  async trimHistory(names: ReadonlyArray<string>, cutoff: string): Promise<void> {
    const pipe = this.redis.pipeline();
    for (const n of names) pipe.eval(TRIM_HISTORY, 1, this.k('history', n), cutoff);
    await pipe.exec();
  }

  /**
   * Records that reminder `n` of the current ALARM episode was sent; false if it already was or the episode
   * changed. With `reminder`, the reminder lands in the outbox in the same step, so it cannot be lost.
   */
  async claimReminder(name: string, transitionId: string, n: number, reminder?: AlarmTransition): Promise<boolean> {
    return (
      (await this.redis.eval(
        CLAIM_REMINDER,
        2,
        this.k('state', name),
        this.outboxKey,
        transitionId,
        String(n),
        reminder?.id ?? '',
        reminder && reminder.actions.length > 0 ? JSON.stringify(reminder) : '',
      )) === 1
    );
  }

  /** Transitions committed whose actions may not have reached the action queue yet, oldest first. */
  async outbox(): Promise<AlarmTransition[]> {
    return Object.values(await this.redis.hgetall(this.outboxKey))
      .map((s) => JSON.parse(s) as AlarmTransition)
      .sort((a, b) =>
        a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : (a.version ?? 0) - (b.version ?? 0),
      );
  }

  async outboxSize(): Promise<number> {
    return this.redis.hlen(this.outboxKey);
  }

  async clearOutbox(transitionId: string): Promise<void> {
    await this.redis.hdel(this.outboxKey, transitionId);
  }
}

function stateUpdate(t: AlarmTransition): AlarmHistoryItem {
  return {
    timestamp: t.timestamp,
    type: 'StateUpdate',
    summary: `Alarm updated from ${t.oldState} to ${t.newState}`,
    oldState: t.oldState,
    newState: t.newState,
    reason: t.reason,
    transitionId: t.id,
  };
}
