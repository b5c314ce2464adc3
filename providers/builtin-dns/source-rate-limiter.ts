/**
 * Per-source UDP rate limiting for the DNS server: a token bucket per source address, in the spirit of BIND's
 * response rate limiting. Beyond the limit queries are dropped, and every `slip`-th one is answered with an empty
 * truncated response instead: a real client behind that address retries over TCP (not limited: TCP cannot be
 * spoofed), while a forged source is sent nothing bigger than its own query.
 */

export interface RateLimitOptions {
  /** Tokens added per second (queries a source may send per second, sustained). */
  perSecond: number;
  /** Bucket size: queries a source may send at once after being quiet. */
  burst: number;
  /** Answer every slip-th limited query with a truncated response (TC) instead of dropping it; 0 = drop all. */
  slip: number;
}

export type RateDecision = 'answer' | 'drop' | 'slip';

interface Bucket {
  tokens: number;
  at: number;
  limited: number;
}

/** Sources tracked before idle (refilled) buckets are swept out. */
const SWEEP_AT = 10_000;

export class SourceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  decide(source: string): RateDecision {
    const t = this.now();
    let b = this.buckets.get(source);
    if (!b) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(t);
      b = { tokens: this.opts.burst, at: t, limited: 0 };
      this.buckets.set(source, b);
    } else {
      b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.perSecond);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 'answer';
    }
    b.limited += 1;
    return this.opts.slip > 0 && b.limited % this.opts.slip === 0 ? 'slip' : 'drop';
  }

  /** Forgets sources whose bucket has refilled (they are as good as new); if that is not enough, forgets all. */
  private sweep(t: number): void {
    const full = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at >= full) this.buckets.delete(k);
    if (this.buckets.size >= SWEEP_AT) this.buckets.clear();
  }
}

const QR = 0x8000;
const TC = 0x0200;
const KEEP = 0x7800 | 0x0100 | 0x0010; // opcode, RD, CD

/** An empty truncated response (header only, TC set) to a query, telling its sender to retry over TCP; null for junk. */
export function slipResponse(query: Buffer): Buffer | null {
  if (query.length < 12 || (query.readUInt16BE(2) & QR) !== 0) return null;
  const out = Buffer.alloc(12);
  out.writeUInt16BE(query.readUInt16BE(0), 0);
  out.writeUInt16BE(QR | TC | (query.readUInt16BE(2) & KEEP), 2);
  return out;
}
