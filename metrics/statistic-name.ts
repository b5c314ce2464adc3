import type { Statistic } from '../core/types.ts';

export const BASIC_STATISTICS: readonly Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** One side of a trimmed-mean range: a percentage of the samples (`10%`) or an absolute value (`150`). */
export interface StatisticBound {
  value: number;
  percent: boolean;
}

export type ParsedStatistic =
  | { kind: 'basic'; name: Statistic }
  /** `pNN` / `pNN.N`: the nearest-rank percentile, 0–100. */
  | { kind: 'percentile'; name: string; percentile: number }
  /**
   * `tmNN` (= `TM(:NN%)`), `TM(a%:b%)`, `TM(a:b)`, `IQM` (= `TM(25%:75%)`): the mean of the samples ranked in
   * (a %, b %] or valued in (a, b]; a missing side is open.
   */
  | { kind: 'trimmedMean'; name: string; lower: StatisticBound | null; upper: StatisticBound | null };

export class StatisticSyntaxError extends RangeError {
  constructor(statistic: string, why: string) {
    super(
      `invalid statistic ${JSON.stringify(statistic)}: ${why}; expected SampleCount, Average, Sum, Minimum, Maximum, ` +
        'a percentile (p99, p99.9), a trimmed mean (tm90, TM(10%:90%), TM(150:1000)) or IQM',
    );
    this.name = 'StatisticSyntaxError';
  }
}

const PERCENT_NUMBER = /^\d{1,3}(?:\.\d{1,10})?$/;
const ABSOLUTE_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * Parses a CloudWatch statistic name. Names are validated the way CloudWatch states them: percentiles and percentage
 * bounds from 0 to 100 with up to 10 decimals; a `TM(…)` needs at least one bound, both bounds of the same kind
 * (percentages or absolute values) and lower < upper.
 *
 * @throws StatisticSyntaxError naming what is wrong.
 */
export function parseStatistic(s: string): ParsedStatistic {
  if (typeof s !== 'string') throw new StatisticSyntaxError(String(s), 'not a string');
  if ((BASIC_STATISTICS as readonly string[]).includes(s)) return { kind: 'basic', name: s as Statistic };
  if (s === 'IQM')
    return { kind: 'trimmedMean', name: s, lower: { value: 25, percent: true }, upper: { value: 75, percent: true } };
  const short = /^(p|tm)(.*)$/i.exec(s);
  if (short && !s.includes('(')) {
    const [, kind = '', num = ''] = short;
    if (!PERCENT_NUMBER.test(num))
      throw new StatisticSyntaxError(s, `"${num}" is not a number from 0 to 100 with up to 10 decimals`);
    const value = Number(num);
    if (value > 100) throw new StatisticSyntaxError(s, `${value} is above 100`);
    if (kind.toLowerCase() === 'p') return { kind: 'percentile', name: s, percentile: value };
    if (value === 0) throw new StatisticSyntaxError(s, 'tm0 keeps no samples');
    return { kind: 'trimmedMean', name: s, lower: null, upper: { value, percent: true } };
  }
  const range = /^tm\((.*)\)$/i.exec(s);
  if (!range) throw new StatisticSyntaxError(s, 'unknown statistic');
  const parts = (range[1] ?? '').split(':');
  if (parts.length !== 2) throw new StatisticSyntaxError(s, 'a range needs exactly one ":" (TM(10%:90%))');
  const lower = parseBound(s, (parts[0] ?? '').trim());
  const upper = parseBound(s, (parts[1] ?? '').trim());
  if (!lower && !upper) throw new StatisticSyntaxError(s, 'give at least one bound');
  if (lower && upper) {
    if (lower.percent !== upper.percent)
      throw new StatisticSyntaxError(s, 'both bounds must be percentages or both absolute values');
    if (lower.value >= upper.value) throw new StatisticSyntaxError(s, 'the lower bound must be below the upper bound');
  }
  return { kind: 'trimmedMean', name: s, lower, upper };
}

function parseBound(s: string, text: string): StatisticBound | null {
  if (text === '') return null;
  if (text.endsWith('%')) {
    const num = text.slice(0, -1);
    if (!PERCENT_NUMBER.test(num) || Number(num) > 100)
      throw new StatisticSyntaxError(s, `"${text}" is not a percentage from 0% to 100%`);
    return { value: Number(num), percent: true };
  }
  if (!ABSOLUTE_NUMBER.test(text)) throw new StatisticSyntaxError(s, `"${text}" is not a number or a percentage`);
  return { value: Number(text), percent: false };
}

const cache = new Map<string, ParsedStatistic>();

/** {@link parseStatistic} with a small cache (statistic names repeat on every evaluation). */
export function parseStatisticCached(s: string): ParsedStatistic {
  let p = cache.get(s);
  if (!p) {
    p = parseStatistic(s);
    if (cache.size < 1000) cache.set(s, p);
  }
  return p;
}
