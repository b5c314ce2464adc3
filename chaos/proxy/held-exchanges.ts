/**
 * Exchanges a blackhole fault holds: accepted, never answered. Each is let go when its fault is no longer active
 * (checked on a timer while any is held, since a lease can end without an event) or dropped when its client
 * leaves; `close` drops them all. Nothing is kept for a client that left.
 */
export class HeldExchanges<E> {
  private readonly held = new Map<E, { faultId: string; unsubscribe: () => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly activeIds: () => ReadonlySet<string>,
    private readonly release: (exchange: E) => void,
    private readonly everyMs: number,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /** Holds `exchange` until `faultId` ends; `onGone` registers a callback for the client leaving. */
  hold(exchange: E, faultId: string, onGone: (cb: () => void) => () => void): void {
    const unsubscribe = onGone(() => this.forget(exchange));
    this.held.set(exchange, { faultId, unsubscribe });
    this.timer ??= setInterval(() => this.check(), this.everyMs);
  }

  /** Every held exchange, forgotten (the caller destroys them). */
  drain(): E[] {
    const all = [...this.held.keys()];
    for (const e of all) this.forget(e);
    return all;
  }

  private check(): void {
    const active = this.activeIds();
    for (const [exchange, h] of [...this.held]) {
      if (active.has(h.faultId)) continue;
      this.forget(exchange);
      this.release(exchange);
    }
  }

  private forget(exchange: E): void {
    const h = this.held.get(exchange);
    if (!h) return;
    h.unsubscribe();
    this.held.delete(exchange);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
