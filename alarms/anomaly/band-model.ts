/**
 * Anomaly-detection bands learned from a metric's own history. Pure: no clock (`now` is an
 * option), no storage; the model is a plain JSON-serialisable object, so it can be cached.
 *
 * ## Method
 *
 * **Training data.** The model is trained on the alarm's own datapoints — one value per period
 * of the alarm's statistic, timestamped at the period start, exactly as the alarm evaluates
 * them — from the `trainingMs` (default 14 days) before `now`. Datapoints inside an excluded
 * time range (a deploy, an incident) are left out, as are non-finite values.
 *
 * **Too little data.** With fewer than 12 datapoints, or less than one hour between the first
 * and the last, the model is `insufficient`: it has no band, and an alarm treats its datapoints
 * as missing (`treatMissingData` decides, as for any missing datapoint).
 *
 * **Expected value** = baseline + seasonal layers + recent level:
 *
 * - *baseline*: the median of the training data;
 * - *seasonal layers*, fitted one after the other to what is left unexplained (the residuals):
 *   `hourly` is a minute-of-hour layer (12 slots of 5 minutes), `daily` an hour-of-day layer
 *   (24 slots), `weekly` the hour-of-day layer plus an hour-of-week layer (168 slots) for what
 *   differs by day of the week. Slots are in UTC. A slot's effect is the median, across cycles
 *   (days, weeks…), of the median residual in that slot during that cycle — and it is kept only
 *   if the cycles agree: with 3 or more cycles the median of the cycles' values; with exactly 2,
 *   the smaller one if both have the same sign, else 0; with fewer, 0 (the coarser layers alone
 *   then decide). So one unusual day or week never becomes "normal" on its own. Between two
 *   slots the curve ramps linearly, or jumps half-way between them when a jump fits the
 *   training data at least 10% better (a batch job starting on the hour, a weekend starting
 *   at midnight);
 * - *recent level*: the median residual over the most recent training data, so a lasting shift
 *   (a deploy that made every request 20 ms slower) is followed within half that window instead
 *   of half the training period. The window is the last 24 hours when the model has weekly
 *   seasonality, else the last 7 days (a weekend is not a shift when the model knows weeks,
 *   but would look like one to a model that does not).
 *
 * **Held-out residuals.** To judge the model by how well it *predicts* rather than how well it
 * fits, every training datapoint is also compared with the seasonal effects learned from the
 * *other* cycles only (its own day or week held out; with just one other cycle, that cycle's
 * value is used as it is). These held-out residuals decide the seasonality and the spread.
 *
 * With `seasonality: 'auto'` (the default) all four of `none`, `hourly`, `daily` and `weekly`
 * are fitted and scored by their mean absolute held-out residual (ignoring the largest 5%); a
 * richer seasonality is chosen only if it scores at least 10% better than the simpler one
 * chosen so far (in the order none, hourly, daily, weekly).
 *
 * **Spread (σ).** The held-out residuals of the chosen fit give a standard deviation per slot of
 * the finest layer, pooled with the two neighbouring slots: 1.4826 × the median |residual| (a
 * robust σ that short incidents barely move); when more than half the residuals are exactly 0,
 * 1.2533 × the mean |residual| instead. Pools of fewer than 30 residuals use the σ of all
 * residuals. σ is never less than the floor: the larger of `minSpread` and 1% of the median
 * |value| (and never 0), so a constant series does not give a zero-width band that alarms on the
 * smallest wobble. An incident of a few hours that was *not* excluded widens the band at its
 * hours of the week until it leaves the training window: exclude it.
 *
 * **Band** at any timestamp `t`: `expected(t) ± width × σ(t)` (`width` defaults to 2; σ is
 * interpolated between slots like the seasonal curve). For normally distributed noise, a band of
 * width 2 contains about 95% of normal datapoints and width 3 about 99.7%; use M-of-N
 * (`datapointsToAlarm`) or a larger width against one-off excursions.
 */
import { median, robustSigma, trimmedMeanAbs } from './robust-stats.ts';
import {
  DAY_MS,
  HOUR_MS,
  WEEK_MS,
  curveAt,
  fitLayer,
  slotOf,
  type CurveShape,
  type LayerName,
  type SeasonalLayer,
} from './seasonal-layer.ts';

export type { CurveShape, LayerName, SeasonalLayer } from './seasonal-layer.ts';

export const SEASONALITIES = ['auto', 'hourly', 'daily', 'weekly', 'none'] as const;
export type Seasonality = (typeof SEASONALITIES)[number];
export type FittedSeasonality = Exclude<Seasonality, 'auto'>;

export const BAND_MODEL_DEFAULTS = {
  trainingMs: 14 * DAY_MS,
  width: 2,
  seasonality: 'auto',
  /** A model needs at least this many usable datapoints… */
  minSamples: 12,
  /** …spanning at least this long. */
  minHistoryMs: HOUR_MS,
  /** σ is at least this fraction of the median |value|. */
  relativeSpreadFloor: 0.01,
} as const;

const LAYERS: Record<FittedSeasonality, readonly LayerName[]> = {
  none: [],
  hourly: ['minute-of-hour'],
  daily: ['hour-of-day'],
  weekly: ['hour-of-day', 'hour-of-week'],
};
const AUTO_ORDER: readonly FittedSeasonality[] = ['none', 'hourly', 'daily', 'weekly'];
const SELECTION_GAIN = 0.9;
const MIN_SPREAD_POOL = 30;
const LEVEL_WINDOW_MS = { weekly: DAY_MS, other: WEEK_MS } as const;
const MIN_LEVEL_SAMPLES = 6;
const ABSOLUTE_SPREAD_FLOOR = 1e-9;

/** One training datapoint: epoch ms and value. */
export interface TrainingSample {
  t: number;
  v: number;
}

/** A time range, epoch ms, `start` inclusive and `end` exclusive. */
export interface TimeRange {
  start: number;
  end: number;
}

export interface BandModelOptions {
  /** Training uses datapoints in [now − trainingMs, now). Epoch ms. */
  now: number;
  /** Default 14 days. */
  trainingMs?: number;
  /** Default `'auto'`. */
  seasonality?: Seasonality;
  /** Left out of training (deploys, incidents). */
  excluded?: ReadonlyArray<TimeRange>;
  /** Band half-width in standard deviations. Default 2. */
  width?: number;
  /** Smallest σ, in the metric's unit (default 0: only the relative floor applies). */
  minSpread?: number;
}

export interface Band {
  expected: number;
  lower: number;
  upper: number;
}

export interface BandModel {
  /** `insufficient`: too little training data; {@link bandAt} returns null. */
  status: 'ready' | 'insufficient';
  /** One sentence on what was learned (or what is missing), for the API and alarm traces. */
  explanation: string;
  seasonality: FittedSeasonality;
  width: number;
  /** The `now` the model was trained at, and the start of its training window (epoch ms). */
  trainedAt: number;
  trainingStart: number;
  /** Datapoints used, and datapoints left out because they fell in an excluded range. */
  sampleCount: number;
  excludedCount: number;
  baseline: number;
  level: number;
  layers: SeasonalLayer[];
  /** σ per slot of the finest layer (one value without seasonality), floor applied. */
  spread: CurveShape & { sigmas: number[] };
  spreadFloor: number;
}

interface Fit {
  seasonality: FittedSeasonality;
  baseline: number;
  layers: SeasonalLayer[];
  /** In-sample residuals: what the model leaves unexplained (used for the recent level). */
  residuals: number[];
  /** Held-out residuals: each datapoint against the effects of the *other* cycles (used for σ and selection). */
  heldOut: number[];
  score: number;
}

/**
 * Trains a band model on `samples` (any order; see the module documentation for the method).
 * @throws RangeError for an invalid option (non-finite `now`, `trainingMs` or `width` ≤ 0, a
 *   negative `minSpread`, an excluded range whose end is not after its start).
 */
export function trainBandModel(samples: ReadonlyArray<TrainingSample>, options: BandModelOptions): BandModel {
  const o = resolveOptions(options);
  const trainingStart = o.now - o.trainingMs;
  const ts: number[] = [];
  const vs: number[] = [];
  let excludedCount = 0;
  for (const { t, v } of samples) {
    if (!Number.isFinite(t) || !Number.isFinite(v) || t < trainingStart || t >= o.now) continue;
    if (o.excluded.some((r) => t >= r.start && t < r.end)) excludedCount++;
    else {
      ts.push(t);
      vs.push(v);
    }
  }
  const base = { width: o.width, trainedAt: o.now, trainingStart, sampleCount: ts.length, excludedCount };
  const span = ts.reduce((m, t) => Math.max(m, t), -Infinity) - ts.reduce((m, t) => Math.min(m, t), Infinity);
  if (ts.length < BAND_MODEL_DEFAULTS.minSamples || span < BAND_MODEL_DEFAULTS.minHistoryMs) {
    return {
      ...base,
      status: 'insufficient',
      explanation:
        `Insufficient data: ${ts.length} usable datapoints spanning ${formatDuration(ts.length === 0 ? 0 : span)} ` +
        `(${excludedCount} excluded); a band needs at least ${BAND_MODEL_DEFAULTS.minSamples} spanning ${formatDuration(BAND_MODEL_DEFAULTS.minHistoryMs)}.`,
      seasonality: o.seasonality === 'auto' ? 'none' : o.seasonality,
      baseline: 0,
      level: 0,
      layers: [],
      spread: { cycleMs: DAY_MS, slotMs: DAY_MS, anchorMs: 0, sigmas: [] },
      spreadFloor: 0,
    };
  }

  const candidates = o.seasonality === 'auto' ? AUTO_ORDER : [o.seasonality];
  const fits = candidates.map((s) => fitSeasonality(s, ts, vs));
  const chosen = selectFit(fits);
  const spreadFloor = Math.max(
    o.minSpread,
    BAND_MODEL_DEFAULTS.relativeSpreadFloor * median(vs.map(Math.abs)),
    ABSOLUTE_SPREAD_FLOOR,
  );
  const spread = spreadCurve(chosen, ts, spreadFloor);
  const levelWindow = chosen.seasonality === 'weekly' ? LEVEL_WINDOW_MS.weekly : LEVEL_WINDOW_MS.other;
  const recent = chosen.residuals.filter((_, k) => (ts[k] as number) >= o.now - levelWindow);
  const level = recent.length >= MIN_LEVEL_SAMPLES ? median(recent) : 0;
  const model: BandModel = {
    ...base,
    status: 'ready',
    explanation: '',
    seasonality: chosen.seasonality,
    baseline: chosen.baseline,
    level,
    layers: chosen.layers,
    spread,
    spreadFloor,
  };
  model.explanation = explain(model, o.seasonality === 'auto' ? fits : null);
  return model;
}

/**
 * The band at `t` (epoch ms), or `null` when the model is insufficient. `width` overrides the
 * model's width (e.g. to plot a wider band).
 */
export function bandAt(model: BandModel, t: number, width = model.width): Band | null {
  if (model.status !== 'ready' || !Number.isFinite(t)) return null;
  let expected = model.baseline + model.level;
  for (const layer of model.layers) expected += curveAt(layer, layer.effects, layer.steps, t);
  const sigma = Math.max(curveAt(model.spread, model.spread.sigmas, null, t), model.spreadFloor);
  return { expected, lower: expected - width * sigma, upper: expected + width * sigma };
}

function resolveOptions(options: BandModelOptions) {
  const { now, trainingMs = BAND_MODEL_DEFAULTS.trainingMs, width = BAND_MODEL_DEFAULTS.width } = options;
  const { seasonality = BAND_MODEL_DEFAULTS.seasonality, excluded = [], minSpread = 0 } = options;
  if (!Number.isFinite(now)) throw new RangeError(`now must be a finite epoch-ms timestamp, got ${String(now)}`);
  if (!(trainingMs > 0) || !Number.isFinite(trainingMs))
    throw new RangeError(`trainingMs must be a positive number, got ${String(trainingMs)}`);
  if (!(width > 0) || !Number.isFinite(width))
    throw new RangeError(`width must be a positive number, got ${String(width)}`);
  if (!(minSpread >= 0) || !Number.isFinite(minSpread))
    throw new RangeError(`minSpread must be a number ≥ 0, got ${String(minSpread)}`);
  if (!(SEASONALITIES as readonly string[]).includes(seasonality))
    throw new RangeError(`unknown seasonality ${String(seasonality)}`);
  excluded.forEach((r, i) => {
    if (!Number.isFinite(r.start) || !Number.isFinite(r.end) || r.end <= r.start) {
      throw new RangeError(`excluded[${i}]: end must be after start, got ${String(r.start)}–${String(r.end)}`);
    }
  });
  return { now, trainingMs, width, seasonality, excluded, minSpread };
}

function fitSeasonality(seasonality: FittedSeasonality, ts: readonly number[], vs: readonly number[]): Fit {
  const baseline = median(vs);
  let residuals = vs.map((v) => v - baseline);
  let heldOut = residuals;
  const layers: SeasonalLayer[] = [];
  for (const name of LAYERS[seasonality]) {
    const fit = fitLayer(name, ts, residuals);
    const { layer } = fit;
    layers.push(layer);
    residuals = residuals.map((r, k) => r - curveAt(layer, layer.effects, layer.steps, ts[k] as number));
    heldOut = heldOut.map((r, k) => r - (fit.heldOut[k] as number));
  }
  return { seasonality, baseline, layers, residuals, heldOut, score: trimmedMeanAbs(heldOut) };
}

/** The simplest fit that a richer one does not beat by 10% on held-out residuals. */
function selectFit(fits: readonly Fit[]): Fit {
  let best = fits[0] as Fit;
  for (const fit of fits.slice(1)) if (fit.score < SELECTION_GAIN * best.score) best = fit;
  return best;
}

function spreadCurve(fit: Fit, ts: readonly number[], floor: number): BandModel['spread'] {
  const finest = fit.layers.at(-1);
  const all = robustSigma(fit.heldOut);
  if (finest === undefined) return { cycleMs: DAY_MS, slotMs: DAY_MS, anchorMs: 0, sigmas: [Math.max(all, floor)] };
  const shape: CurveShape = { cycleMs: finest.cycleMs, slotMs: finest.slotMs, anchorMs: finest.anchorMs };
  const slots = finest.effects.length;
  const bySlot: number[][] = Array.from({ length: slots }, () => []);
  fit.heldOut.forEach((r, k) => bySlot[slotOf(shape, ts[k] as number)]?.push(r));
  const sigmas = bySlot.map((_, s) => {
    const pool = slots < 3 ? fit.heldOut : [-1, 0, 1].flatMap((d) => bySlot[(s + d + slots) % slots] ?? []);
    return Math.max(pool.length >= MIN_SPREAD_POOL ? robustSigma(pool) : all, floor);
  });
  return { ...shape, sigmas };
}

function explain(model: BandModel, fits: readonly Fit[] | null): string {
  const layers = model.layers.map((l) => l.name).join(' + ');
  const what = model.layers.length === 0 ? 'no seasonality' : `${model.seasonality} seasonality (${layers}, UTC)`;
  const sigmas = model.spread.sigmas;
  const lo = fmt(Math.min(...sigmas));
  const hi = fmt(Math.max(...sigmas));
  const choice =
    fits === null
      ? ''
      : `; chosen automatically (mean |held-out residual|: ${fits.map((f) => `${f.seasonality} ${fmt(f.score)}`).join(', ')})`;
  return (
    `${what} from ${model.sampleCount} datapoints since ${isoOrNumber(model.trainingStart)} (${model.excludedCount} excluded)${choice}; ` +
    `baseline ${fmt(model.baseline)}, recent level ${model.level >= 0 ? '+' : ''}${fmt(model.level)}, ` +
    `σ ${lo === hi ? lo : `${lo}–${hi}`}; band = expected ± ${fmt(model.width)}σ.`
  );
}

function isoOrNumber(t: number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function formatDuration(ms: number): string {
  if (ms >= DAY_MS) return `${fmt(ms / DAY_MS)} d`;
  if (ms >= HOUR_MS) return `${fmt(ms / HOUR_MS)} h`;
  return `${fmt(ms / 60_000)} min`;
}
