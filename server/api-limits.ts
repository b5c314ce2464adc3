/**
 * What one request may cost the API. Every limit answers with a 4xx or 503 and a `{ message }` saying which limit
 * it met; the README's HTTP API section lists them.
 */
export interface ApiLimits {
  /** A request not answered by then gets 503 (the handler's late answer is dropped). */
  requestDeadlineMs: number;
  /** `server.headersTimeout`: a client must send its request headers within this (408, then closed). */
  headersTimeoutMs: number;
  /** `server.requestTimeout`: a client must send its whole request within this (408, then closed). */
  requestTimeoutMs: number;
  /** How long `/healthz` and `/metrics` wait for Redis to answer a PING before answering 503. */
  redisHealthTimeoutMs: number;
  /** How long `/metrics` waits for the figures it reads from Redis before answering 503. */
  scrapeTimeoutMs: number;
  /** New metric series `POST /api/metrics` may create per minute, per API process (429 past it). */
  maxNewSeriesPerMinute: number;
  /** `GET /api/metrics/band` computations running at once, per API process (429 past it). */
  maxConcurrentBands: number;
  /** Periods an ad-hoc band (`namespace`, `metricName`, …) may train on: `trainingDays` × 86,400 / `period` (413). */
  maxBandTrainingPeriods: number;
}

export const DEFAULT_API_LIMITS: Readonly<ApiLimits> = {
  requestDeadlineMs: 15_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  redisHealthTimeoutMs: 1_000,
  scrapeTimeoutMs: 5_000,
  maxNewSeriesPerMinute: 1_000,
  maxConcurrentBands: 2,
  maxBandTrainingPeriods: 200_000,
};

/** Overrides of some limits (as `api.limits` in the config); an undefined entry keeps the default. */
export type ApiLimitOverrides = { [K in keyof ApiLimits]?: ApiLimits[K] | undefined };

/** The defaults with the given overrides; each must be a positive number. */
export function resolveApiLimits(overrides: ApiLimitOverrides = {}): ApiLimits {
  const limits = { ...DEFAULT_API_LIMITS };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) limits[k as keyof ApiLimits] = v;
  for (const [k, v] of Object.entries(limits))
    if (!(typeof v === 'number' && v > 0))
      throw new RangeError(`API limit ${k} must be a positive number, got ${String(v)}`);
  return limits;
}
