import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CanaryDefinition } from '../core/canary.ts';
import type { Logger } from '../core/logger.ts';
import type { CanaryControlEntry, CanaryControlStore } from '../runner/canary-control-store.ts';
import { RUNS_QUEUE } from '../runner/run-worker.ts';
import { jobOptions, schedulerId, upsertCanaryScheduler, type RunJobData } from '../runner/scheduler.ts';
import { HttpError } from './http-error.ts';

export interface CanaryControlOptions {
  redis: Redis;
  prefix: string;
  store: CanaryControlStore;
  canaries: () => ReadonlyArray<CanaryDefinition>;
  errorRetries: () => number;
  log: Logger;
}

/** Run-now, pause and resume of a canary through the runner's BullMQ queue; each audited. */
export class CanaryControl {
  private readonly queue: Queue<RunJobData>;

  constructor(private readonly o: CanaryControlOptions) {
    this.queue = new Queue<RunJobData>(RUNS_QUEUE, { connection: o.redis, prefix: o.prefix });
  }

  private find(name: string): CanaryDefinition {
    const c = this.o.canaries().find((x) => x.name === name);
    if (!c) throw new HttpError(404, `unknown canary "${name}" (GET /api/canaries lists them)`);
    return c;
  }

  private async audit(entry: Omit<CanaryControlEntry, 'at'>): Promise<void> {
    this.o.log.info(entry, `canary ${entry.action}`);
    await this.o.store.audit({ at: new Date().toISOString(), ...entry });
  }

  /** Enqueues one run now; its first attempt is recorded as `runId` (a retry after an ERROR ends in `-a2`, …). */
  async runNow(name: string, by: string): Promise<{ runId: string; jobId: string }> {
    const c = this.find(name);
    const jobId = `now-${c.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${randomUUID()}`;
    await this.queue.add('run', { canary: c.name, hash: c.hash }, { ...jobOptions(this.o.errorRetries()), jobId });
    const runId = `${jobId}-a1`;
    await this.audit({ canary: c.name, action: 'run', by, runId });
    return { runId, jobId };
  }

  async pause(name: string, by: string): Promise<{ canary: string; paused: boolean }> {
    const c = this.find(name);
    await this.o.store.setPaused(c.name, true);
    await this.queue.removeJobScheduler(schedulerId(c.name));
    await this.audit({ canary: c.name, action: 'pause', by });
    return { canary: c.name, paused: true };
  }

  async resume(name: string, by: string): Promise<{ canary: string; paused: boolean }> {
    const c = this.find(name);
    await this.o.store.setPaused(c.name, false);
    await upsertCanaryScheduler(this.queue, c, this.o.errorRetries());
    await this.audit({ canary: c.name, action: 'resume', by });
    return { canary: c.name, paused: false };
  }

  async paused(): Promise<Map<string, string>> {
    return this.o.store.paused();
  }

  async auditLog(name: string, limit: number): Promise<CanaryControlEntry[]> {
    return this.o.store.auditLog(this.find(name).name, limit);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
