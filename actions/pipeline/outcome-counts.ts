/**
 * Action outcomes counted in Redis (`<prefix>:actions:outcomes`, a hash of `action \0 status` → count), so every
 * API process reports the same figures. Counted when the audit stage records an `ActionExecuted`, once per
 * (transition, action) within a day: a retried job that records the same outcome again is not counted twice.
 */
import type { Redis } from 'ioredis';
import type { ActionExecuted } from '../../core/events.ts';

const ONCE_MS = 24 * 3_600_000;

// KEYS: the hash, the once-marker. ARGV: field, marker lifetime (ms).
const COUNT_LUA = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
return 1
`;

export interface ActionOutcomeCount {
  action: string;
  status: ActionExecuted['status'];
  count: number;
}

export class ActionOutcomeCounts {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:actions:outcomes`;
  }

  async count(e: Pick<ActionExecuted, 'action' | 'status' | 'transitionId'>): Promise<void> {
    const once = `${this.key}:once:${e.transitionId}/${e.action}`;
    await this.redis.eval(COUNT_LUA, 2, this.key, once, `${e.action}\0${e.status}`, ONCE_MS);
  }

  async read(): Promise<ActionOutcomeCount[]> {
    const raw = await this.redis.hgetall(this.key);
    return Object.entries(raw).flatMap(([field, n]) => {
      const sep = field.lastIndexOf('\0');
      const count = Number(n);
      if (sep < 0 || !Number.isFinite(count)) return [];
      return [{ action: field.slice(0, sep), status: field.slice(sep + 1) as ActionExecuted['status'], count }];
    });
  }
}
