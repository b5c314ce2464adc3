import { joinPath, type IssueList } from './metric-data-error.ts';
import type { StatisticSet } from './metric-input.ts';
import { METRIC_LIMITS, valueProblem } from './metric-name-rules.ts';
import { checkKeys, has, isObject, type Obj, type Shape } from './put-metric-data-shape.ts';
import { describeJson } from './time-input.ts';

export type ValueFields =
  { value: number } | { values: number[]; counts: number[] } | { statisticValues: StatisticSet };

/** Exactly one of a value, values (+ counts) or a statistic set, each checked by CloudWatch's rules. */
export function parseValueFields(raw: Obj, path: string, s: Shape, issues: IssueList): ValueFields | undefined {
  const given = [s.value, s.values, s.statisticValues].filter((k) => has(raw, k));
  if (given.length !== 1) {
    issues.add(
      path,
      given.length === 0
        ? `needs a value: "${s.value}", "${s.values}" (with optional "${s.counts}") or "${s.statisticValues}"`
        : `give exactly one of "${s.value}", "${s.values}" or "${s.statisticValues}", got ${given.map((k) => `"${k}"`).join(' and ')}`,
    );
    return undefined;
  }
  if (has(raw, s.counts) && !has(raw, s.values)) {
    issues.add(joinPath(path, s.counts), `is only allowed together with "${s.values}"`);
    return undefined;
  }
  if (has(raw, s.value)) {
    const p = valueProblem(raw[s.value]);
    if (p) issues.add(joinPath(path, s.value), p);
    return p ? undefined : { value: raw[s.value] as number };
  }
  if (has(raw, s.values)) return parseValues(raw, path, s, issues);
  return parseStatisticSet(raw[s.statisticValues], joinPath(path, s.statisticValues), s, issues);
}

function parseValues(raw: Obj, path: string, s: Shape, issues: IssueList): ValueFields | undefined {
  const values = raw[s.values];
  const vp = joinPath(path, s.values);
  if (!Array.isArray(values) || values.length === 0 || values.length > METRIC_LIMITS.maxValues) {
    issues.add(
      vp,
      Array.isArray(values)
        ? `must hold 1-${METRIC_LIMITS.maxValues} values, got ${values.length}`
        : `must be an array of numbers, got ${describeJson(values)}`,
    );
    return undefined;
  }
  const before = issues.total;
  values.forEach((v, j) => {
    const p = valueProblem(v);
    if (p) issues.add(joinPath(vp, j), p);
  });
  let counts: number[] = values.map(() => 1);
  if (has(raw, s.counts)) {
    const c = raw[s.counts];
    const cp = joinPath(path, s.counts);
    if (!Array.isArray(c) || c.length !== values.length) {
      issues.add(
        cp,
        Array.isArray(c)
          ? `must have as many entries as "${s.values}" (${values.length}), got ${c.length}`
          : `must be an array of numbers, got ${describeJson(c)}`,
      );
      return undefined;
    }
    c.forEach((n, j) => {
      const p = valueProblem(n) ?? ((n as number) < 0 ? `must not be negative, got ${String(n)}` : undefined);
      if (p) issues.add(joinPath(cp, j), p);
    });
    counts = c as number[];
  }
  return issues.total > before ? undefined : { values: values as number[], counts };
}

function parseStatisticSet(raw: unknown, path: string, s: Shape, issues: IssueList): ValueFields | undefined {
  if (!isObject(raw)) {
    issues.add(
      path,
      `must be an object {"${s.sampleCount}", "${s.sum}", "${s.minimum}", "${s.maximum}"}, got ${describeJson(raw)}`,
    );
    return undefined;
  }
  const before = issues.total;
  checkKeys(raw, path, s.keys.set, issues);
  for (const k of s.keys.set) {
    const p = has(raw, k) ? valueProblem(raw[k]) : 'is required';
    if (p) issues.add(joinPath(path, k), p);
  }
  if (issues.total > before) return undefined;
  const set: StatisticSet = {
    sampleCount: raw[s.sampleCount] as number,
    sum: raw[s.sum] as number,
    minimum: raw[s.minimum] as number,
    maximum: raw[s.maximum] as number,
  };
  if (set.sampleCount <= 0) issues.add(joinPath(path, s.sampleCount), `must be greater than 0, got ${set.sampleCount}`);
  else if (set.minimum > set.maximum)
    issues.add(path, `"${s.minimum}" (${set.minimum}) must not exceed "${s.maximum}" (${set.maximum})`);
  else {
    const lo = set.minimum * set.sampleCount;
    const hi = set.maximum * set.sampleCount;
    const tol = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi), Math.abs(set.sum), 1e-300);
    if (set.sum < lo - tol || set.sum > hi + tol) {
      issues.add(
        joinPath(path, s.sum),
        `${set.sum} is impossible for ${set.sampleCount} samples between ${set.minimum} and ${set.maximum}`,
      );
    }
  }
  return issues.total > before ? undefined : { statisticValues: set };
}
