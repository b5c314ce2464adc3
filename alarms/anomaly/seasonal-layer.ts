/**
 * One seasonal layer of the band model: a cycle (an hour, a day, a week) cut into slots, with an
 * additive effect per slot. Pure; see `band-model.ts` for how layers are stacked.
 */
import { median, modulo } from './robust-stats.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Slot boundaries are UTC: hour-of-day 0 is 00:00–01:00 UTC, hour-of-week 0 starts Thursday 00:00 UTC (the epoch). */
export const LAYER_SHAPES = {
  'minute-of-hour': { cycleMs: HOUR_MS, slotMs: 5 * MINUTE_MS },
  'hour-of-day': { cycleMs: DAY_MS, slotMs: HOUR_MS },
  'hour-of-week': { cycleMs: WEEK_MS, slotMs: HOUR_MS },
} as const;

export type LayerName = keyof typeof LAYER_SHAPES;

/** Where a curve's points sit: point `i` is at `i × slotMs + anchorMs` into each cycle of `cycleMs`. */
export interface CurveShape {
  cycleMs: number;
  slotMs: number;
  /** Offset of each slot's point inside its slot: the median offset of the training samples (≈ half a slot for fine data, 0 when samples sit on slot starts). */
  anchorMs: number;
}

export interface SeasonalLayer extends CurveShape {
  name: LayerName;
  /** Additive effect per slot; 0 where fewer than two cycles had data or the cycles disagreed in sign. */
  effects: number[];
  /** `steps[i]`: the curve jumps from slot i to slot i + 1 (half-way between their points) instead of ramping linearly. */
  steps: boolean[];
}

/** Value at `t` of a periodic curve through `values` (one per slot), linear between points unless `steps` says jump. */
export function curveAt(
  shape: CurveShape,
  values: readonly number[],
  steps: readonly boolean[] | null,
  t: number,
): number {
  const { i, j, frac } = locate(shape, values.length, t);
  const a = values[i] ?? 0;
  const b = values[j] ?? 0;
  if (steps?.[i] === true) return frac < 0.5 ? a : b;
  return a + (b - a) * frac;
}

/** The slot (0-based, by slot boundaries) that `t` falls in. */
export function slotOf(shape: Pick<CurveShape, 'cycleMs' | 'slotMs'>, t: number): number {
  return Math.floor(modulo(t, shape.cycleMs) / shape.slotMs);
}

function locate(shape: CurveShape, slots: number, t: number): { i: number; j: number; frac: number } {
  const x = (modulo(t, shape.cycleMs) - shape.anchorMs) / shape.slotMs;
  const f = Math.floor(x);
  return { i: modulo(f, slots), j: modulo(f + 1, slots), frac: x - f };
}

/**
 * Agreement across cycles: the median of the per-cycle slot medians when there are at least three
 * cycles; with two, the smaller of the two when they have the same sign and 0 otherwise; with one or
 * none, 0. So one unusual day (or week) never makes a seasonal effect on its own.
 */
export function consensus(perCycle: readonly number[]): number {
  if (perCycle.length >= 3) return median(perCycle);
  const [a, b] = perCycle;
  if (a === undefined || b === undefined || a * b <= 0) return 0;
  return Math.abs(a) < Math.abs(b) ? a : b;
}

/** A fitted layer, and its value at each training sample as estimated *without* that sample's cycle. */
export interface LayerFit {
  layer: SeasonalLayer;
  /** `heldOut[k]`: the layer at `ts[k]` from the effects of the other cycles only (see {@link heldOutConsensus}). */
  heldOut: number[];
}

/** Fits layer `name` to residuals `rs` at times `ts` (same length). */
export function fitLayer(name: LayerName, ts: readonly number[], rs: readonly number[]): LayerFit {
  const { cycleMs, slotMs } = LAYER_SHAPES[name];
  const slots = cycleMs / slotMs;
  const anchorMs = ts.length === 0 ? slotMs / 2 : median(ts.map((t) => modulo(t, slotMs)));
  const shape: CurveShape = { cycleMs, slotMs, anchorMs };
  const keyOf = (t: number, slot: number) => Math.floor(t / cycleMs) * slots + slot;

  const groups = new Map<number, number[]>();
  ts.forEach((t, k) => {
    const key = keyOf(t, slotOf(shape, t));
    const group = groups.get(key);
    if (group) group.push(rs[k] as number);
    else groups.set(key, [rs[k] as number]);
  });
  const perSlot: Array<Array<{ key: number; value: number }>> = Array.from({ length: slots }, () => []);
  for (const [key, values] of groups) perSlot[modulo(key, slots)]?.push({ key, value: median(values) });
  const effects = perSlot.map((entries) => consensus(entries.map((e) => e.value)));
  const layer: SeasonalLayer = { name, cycleMs, slotMs, anchorMs, effects, steps: chooseSteps(shape, effects, ts, rs) };

  const heldOutEffects = new Map<number, number>();
  for (const entries of perSlot) {
    const sorted = [...entries].sort((a, b) => a.value - b.value);
    const values = sorted.map((e) => e.value);
    sorted.forEach((e, position) => heldOutEffects.set(e.key, heldOutConsensus(values, position)));
  }
  const heldOut = ts.map((t) => {
    const { i, j, frac } = locate(shape, slots, t);
    const a = heldOutEffects.get(keyOf(t, i)) ?? effects[i] ?? 0;
    const b = heldOutEffects.get(keyOf(t, j)) ?? effects[j] ?? 0;
    return layer.steps[i] === true ? (frac < 0.5 ? a : b) : a + (b - a) * frac;
  });
  return { layer, heldOut };
}

/**
 * The effect the other cycles give when the cycle at `position` of `sorted` (per-cycle values,
 * ascending) is held out: {@link consensus} of the others, except that a single other cycle is
 * taken as it is (so two cycles can be cross-checked against each other).
 */
function heldOutConsensus(sorted: readonly number[], position: number): number {
  const n = sorted.length - 1;
  const at = (k: number) => sorted[k < position ? k : k + 1] as number;
  if (n === 0) return 0;
  if (n === 1) return at(0);
  if (n === 2) return consensus([at(0), at(1)]);
  return n % 2 === 1 ? at(n >> 1) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/** A jump must fit at least this much better than a ramp (sum of absolute errors) to be chosen. */
const STEP_GAIN = 0.9;

/** For each joint between adjacent slots, whether a jump fits the samples between their points clearly better than a ramp. */
function chooseSteps(
  shape: CurveShape,
  effects: readonly number[],
  ts: readonly number[],
  rs: readonly number[],
): boolean[] {
  const ramp = new Array<number>(effects.length).fill(0);
  const jump = new Array<number>(effects.length).fill(0);
  ts.forEach((t, k) => {
    const { i, j, frac } = locate(shape, effects.length, t);
    const a = effects[i] ?? 0;
    const b = effects[j] ?? 0;
    const r = rs[k] as number;
    ramp[i] = (ramp[i] ?? 0) + Math.abs(r - (a + (b - a) * frac));
    jump[i] = (jump[i] ?? 0) + Math.abs(r - (frac < 0.5 ? a : b));
  });
  return ramp.map((err, i) => (jump[i] ?? 0) < STEP_GAIN * err);
}
