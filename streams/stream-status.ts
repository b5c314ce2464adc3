import type { Redis } from 'ioredis';
import type { MetricStreamConfig } from './metric-stream-config.ts';
import { StreamKeys } from './stream-keys.ts';

/** One metric stream's status (`GET /api/metric-streams`). */
export interface MetricStreamStatus {
  name: string;
  output: string;
  /** When a delivery last succeeded (ISO 8601), null before the first. */
  lastDeliveryAt: string | null;
  /** Write → delivered of the last delivery's oldest entry, ms. */
  lagMs: number | null;
  pending: {
    /** Datapoints (of any stream's selection) written but not yet read by this stream. */
    unread: number;
    /** Buffer entries read by a consumer and not yet acknowledged (being delivered or retried). */
    inFlight: number;
  };
  /** Datapoints delivered. */
  delivered: number;
  /** Datapoints trimmed from the full buffer before this stream read them. */
  dropped: number;
  /** Datapoints the sink refused (a 4xx other than 429); not retried. */
  rejected: number;
  /** Failed delivery attempts, retried ones included. */
  errors: number;
  lastError: { message: string; at: string } | null;
}

const num = (v: string | undefined) => (v === undefined ? 0 : Number(v));
const iso = (v: string | undefined) => (v === undefined ? null : new Date(Number(v)).toISOString());

/** Reads every configured stream's status from Redis (one round trip). */
export async function readStreamStatus(
  redis: Redis,
  prefix: string,
  streams: ReadonlyArray<Pick<MetricStreamConfig, 'name' | 'output'>>,
): Promise<MetricStreamStatus[]> {
  if (streams.length === 0) return [];
  const keys = new StreamKeys(prefix);
  const multi = redis.multi().get(keys.seq).xinfo('GROUPS', keys.buffer);
  for (const s of streams) multi.hgetall(keys.status(s.name));
  const res = (await multi.exec()) ?? [];
  const seq = num((res[0]?.[1] as string | null) ?? undefined);
  // XINFO fails on a buffer that does not exist yet (no stream ever started): no groups then.
  const groups = res[1]?.[0] ? [] : ((res[1]?.[1] as unknown[][] | undefined) ?? []);
  const inFlight = new Map<string, number>();
  for (const g of groups) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i + 1 < g.length; i += 2) o[String(g[i])] = g[i + 1];
    inFlight.set(String(o.name), Number(o.pending ?? 0));
  }
  return streams.map((s, i) => {
    const h = (res[i + 2]?.[1] as Record<string, string> | undefined) ?? {};
    const read = h.seq === undefined ? undefined : Number(h.seq);
    return {
      name: s.name,
      output: s.output.type,
      lastDeliveryAt: iso(h.lastDeliveryAt),
      lagMs: h.lagMs === undefined ? null : Number(h.lagMs),
      pending: { unread: read === undefined ? 0 : Math.max(0, seq - read), inFlight: inFlight.get(s.name) ?? 0 },
      delivered: num(h.delivered),
      dropped: num(h.dropped),
      rejected: num(h.rejected),
      errors: num(h.errors),
      lastError:
        h.lastError === undefined
          ? null
          : { message: h.lastError, at: iso(h.lastErrorAt) ?? new Date(0).toISOString() },
    };
  });
}
