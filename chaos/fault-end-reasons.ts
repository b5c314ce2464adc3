/**
 * Why each recently ended fault ended (`<prefix>:faults:ended:<id>`, kept an hour), so the controller holding a
 * fault that another process ended (the kill switch, the reaper) can say why.
 */
import type { Redis } from 'ioredis';
import type { FaultEndReason } from '../core/fault.ts';

const KEEP_SECONDS = 3600;
const REASONS: readonly string[] = ['reverted', 'lease-expired', 'kill-switch'] satisfies FaultEndReason[];

export class FaultEndReasons {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:faults:ended:${id}`;
  }

  async set(id: string, reason: FaultEndReason): Promise<void> {
    await this.redis.set(this.key(id), reason, 'EX', KEEP_SECONDS);
  }

  async get(id: string): Promise<FaultEndReason | undefined> {
    const r = await this.redis.get(this.key(id));
    return r !== null && REASONS.includes(r) ? (r as FaultEndReason) : undefined;
  }
}
