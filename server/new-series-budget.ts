/**
 * How many new metric series this process still admits in the last minute (a sliding window). `take` reserves
 * synchronously, so concurrent requests cannot both spend the same budget.
 */
export class NewSeriesBudget {
  private readonly spent: Array<{ at: number; n: number }> = [];

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves `n` new series, or says how many are left and when enough will be. */
  take(n: number): { ok: true } | { ok: false; left: number; retryAfterSeconds: number } {
    const now = this.now();
    while (this.spent.length > 0 && (this.spent[0] as { at: number }).at <= now - 60_000) this.spent.shift();
    const used = this.spent.reduce((sum, s) => sum + s.n, 0);
    if (used + n <= this.perMinute) {
      if (n > 0) this.spent.push({ at: now, n });
      return { ok: true };
    }
    // The earliest moment enough of the window has expired (never, for a request larger than the whole budget).
    let freed = this.perMinute - used;
    let at = now + 60_000;
    for (const s of this.spent) {
      freed += s.n;
      if (freed >= n) {
        at = s.at + 60_000;
        break;
      }
    }
    return {
      ok: false,
      left: Math.max(0, this.perMinute - used),
      retryAfterSeconds: Math.max(1, Math.ceil((at - now) / 1000)),
    };
  }
}
