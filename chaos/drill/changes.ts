/**
 * "Something the drill watches changed": bumped on every logged event and every new DNS answer, so waiters
 * re-check their condition on a fact instead of sleeping. The version closes the race between a check that
 * awaits a store and a change arriving meanwhile.
 */
export class Changes {
  private version = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version += 1;
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  /** Settles once a change after `since` happened, after `ms`, or on abort; whichever is first. */
  next(since: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.version > since || signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /**
   * Re-checks `check` on every change until it returns a value, the deadline (epoch ms) passes or `signal` aborts;
   * undefined then.
   */
  async until<T>(
    check: () => T | undefined | Promise<T | undefined>,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<T | undefined> {
    for (;;) {
      const seen = this.version;
      const v = await check();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0 || signal?.aborted) return undefined;
      await this.next(seen, left, signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Changes().next(0, ms, signal);
}
