import { createLogger } from '../core/logger.ts';

const log = createLogger('alarm-ticks');

/** What drives an engine's ticks. A tick never starts while the previous one is still running. */
export interface TickSource {
  start(onTick: () => Promise<void>): void;
  /** Stops ticking; resolves once a tick in flight has finished. */
  stop(): Promise<void>;
}

/** The latest period end (on the 1-second grid) that has closed at `now`, allowing `delayMs` for late datapoints. */
export function closedTickAt(now: number, delayMs: number): number {
  return Math.floor((now - delayMs) / 1000) * 1000;
}

/**
 * Ticks on the wall-clock grid: at every second + `delayMs`. The next tick is the first grid point after the
 * previous one, not after the previous tick ended, so a tick that overruns is followed at once by the next
 * (which catches up on whatever closed meanwhile) instead of skipping a second.
 */
export class WallClockTicks implements TickSource {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> = Promise.resolve();
  private last = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly delayMs: number,
  ) {}

  start(onTick: () => Promise<void>): void {
    this.running = true;
    this.last = closedTickAt(this.now(), this.delayMs);
    this.schedule(onTick);
  }

  private schedule(onTick: () => Promise<void>): void {
    if (!this.running) return;
    const next = this.last + 1000;
    this.timer = setTimeout(
      () => {
        this.last = Math.max(next, closedTickAt(this.now(), this.delayMs));
        this.inFlight = onTick()
          .catch((err: unknown) => log.error({ err: (err as Error).message }, 'alarm tick failed'))
          .finally(() => this.schedule(onTick));
      },
      Math.max(0, next + this.delayMs - this.now()),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }
}

/** Ticks only when told to: for tests that step a clock, and for one-off evaluations. */
export class ManualTicks implements TickSource {
  private onTick: (() => Promise<void>) | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  start(onTick: () => Promise<void>): void {
    this.onTick = onTick;
  }

  /** Runs one tick after the one in flight (if any); resolves when it has finished. */
  fire(): Promise<void> {
    const run = this.onTick;
    if (!run) return Promise.resolve();
    this.inFlight = this.inFlight.then(run, run);
    return this.inFlight;
  }

  async stop(): Promise<void> {
    this.onTick = undefined;
    await this.inFlight.catch(() => undefined);
  }
}
