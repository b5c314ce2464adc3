/**
 * Time-indexed helpers around a band model, pure: the band as a series for plotting
 * (`GET /api/metrics/band`), per-period values as training samples, and per-period values
 * paired with their bands as the band evaluator's input.
 */
import type { BandPoint } from '../evaluate/evaluate-band-alarm.ts';
import { bandAt, type BandModel, type TrainingSample } from './band-model.ts';

export interface BandSeriesPoint {
  /** Period start, epoch ms. */
  timestamp: number;
  expected: number;
  lower: number;
  upper: number;
}

/** Most points {@link bandSeries} returns for one request. */
export const MAX_BAND_SERIES_POINTS = 10_000;

/**
 * The band for every period starting in [start, end), periods aligned to multiples of `periodMs`
 * since the epoch (as the metric store aggregates them). `[]` when the model is insufficient.
 * @throws RangeError when `periodMs` is not positive, the range is not finite, or it holds more
 *   than {@link MAX_BAND_SERIES_POINTS} periods.
 */
export function bandSeries(
  model: BandModel,
  range: { start: number; end: number; periodMs: number },
  width = model.width,
): BandSeriesPoint[] {
  const { start, end, periodMs } = range;
  if (!Number.isFinite(periodMs) || periodMs <= 0)
    throw new RangeError(`periodMs must be positive, got ${String(periodMs)}`);
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new RangeError('start and end must be finite epoch-ms timestamps');
  const first = Math.ceil(start / periodMs) * periodMs;
  const count = Math.max(0, Math.ceil((end - first) / periodMs));
  if (count > MAX_BAND_SERIES_POINTS) {
    throw new RangeError(
      `${count} periods requested, at most ${MAX_BAND_SERIES_POINTS}: use a longer period or a shorter range`,
    );
  }
  const points: BandSeriesPoint[] = [];
  for (let k = 0; k < count; k++) {
    const timestamp = first + k * periodMs;
    const band = bandAt(model, timestamp, width);
    if (band === null) return [];
    points.push({ timestamp, ...band });
  }
  return points;
}

/** Per-period values (oldest first, period k starting at `start + k × periodMs`, `null` = no data) as training samples. */
export function periodSamples(start: number, periodMs: number, values: ReadonlyArray<number | null>): TrainingSample[] {
  const samples: TrainingSample[] = [];
  values.forEach((v, k) => {
    if (v !== null && Number.isFinite(v)) samples.push({ t: start + k * periodMs, v });
  });
  return samples;
}

/**
 * The input of `evaluateBandAlarm`: each period's value with the band at the period's start
 * (`null` for every period when the model is insufficient, so they all count as missing).
 */
export function bandPoints(
  model: BandModel,
  start: number,
  periodMs: number,
  values: ReadonlyArray<number | null>,
): BandPoint[] {
  return values.map((value, k) => {
    const band = bandAt(model, start + k * periodMs);
    return band === null ? null : { value, lower: band.lower, upper: band.upper };
  });
}
