import type { Dimensions, MetricUnit } from '../core/types.ts';
import { IssueList, joinPath } from './metric-data-error.ts';
import { METRIC_UNITS, type MetricInput, type MetricInputBase, type StatisticSet } from './metric-input.ts';
import {
  DIMENSION_NAME_RULE, DIMENSION_VALUE_RULE, METRIC_LIMITS, METRIC_NAME_RULE, NAMESPACE_RULE, nameProblem, valueProblem,
} from './metric-name-rules.ts';
import { describeJson, parseTimeInput } from './time-input.ts';

export { MetricDataError, type MetricDataIssue } from './metric-data-error.ts';

/**
 * The field names of one of the two accepted JSON shapes. Issue paths use the caller's own names, so
 * `metricData[3].dimensions[1].value` in ours and `MetricData[3].Dimensions[1].Value` in CloudWatch's.
 */
interface Shape {
  name: 'canarykit' | 'cloudwatch';
  namespace: string; metricData: string; metricName: string; dimensions: string; dimName: string; dimValue: string;
  timestamp: string; value: string; values: string; counts: string; statisticValues: string; unit: string;
  storageResolution: string; sampleCount: string; sum: string; minimum: string; maximum: string;
}

const OURS: Shape = {
  name: 'canarykit', namespace: 'namespace', metricData: 'metricData', metricName: 'metricName', dimensions: 'dimensions',
  dimName: 'name', dimValue: 'value', timestamp: 'timestamp', value: 'value', values: 'values', counts: 'counts',
  statisticValues: 'statisticValues', unit: 'unit', storageResolution: 'storageResolution',
  sampleCount: 'sampleCount', sum: 'sum', minimum: 'minimum', maximum: 'maximum',
};

const CLOUDWATCH: Shape = {
  name: 'cloudwatch', namespace: 'Namespace', metricData: 'MetricData', metricName: 'MetricName', dimensions: 'Dimensions',
  dimName: 'Name', dimValue: 'Value', timestamp: 'Timestamp', value: 'Value', values: 'Values', counts: 'Counts',
  statisticValues: 'StatisticValues', unit: 'Unit', storageResolution: 'StorageResolution',
  sampleCount: 'SampleCount', sum: 'Sum', minimum: 'Minimum', maximum: 'Maximum',
};

export interface ParsedPutMetricData {
  /** Which JSON shape the body was in. */
  format: Shape['name'];
  namespace: string;
  /** Normalised datapoints (timestamps in epoch ms, defaults applied), ready for `MetricStore.putMany`. */
  data: MetricInput[];
}

export interface ParseOptions {
  /** "Now" for the default timestamp and the 2-weeks-past / 2-hours-future window (epoch ms). */
  now?: number;
  /** Size of the request body in bytes when known (HTTP); otherwise the JSON encoding of `body` is measured. */
  sizeBytes?: number;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

/**
 * Validates a PutMetricData request in our JSON shape (`{ namespace, metricData: [{ metricName, dimensions: { k: v },
 * timestamp, value, unit }] }`) or CloudWatch's (`{ Namespace, MetricData: [{ MetricName, Dimensions: [{ Name, Value }],
 * Timestamp, Value | Values + Counts | StatisticValues, Unit, StorageResolution }] }`) with CloudWatch's rules, and
 * returns normalised datapoints. Pure: no I/O, `now` injectable.
 *
 * @throws MetricDataError listing every problem (up to 100) with its path; one bad datapoint rejects the batch.
 */
export function parsePutMetricData(body: unknown, opts: ParseOptions = {}): ParsedPutMetricData {
  const now = opts.now ?? Date.now();
  const issues: IssueList = new IssueList();
  const what = 'PutMetricData request (nothing was stored)';
  if (!isObject(body)) {
    issues.add('', `the body must be a JSON object with "namespace" and "metricData" (or CloudWatch's "Namespace" and "MetricData"), got ${describeJson(body)}`);
    issues.raise(what);
  }
  const size = opts.sizeBytes ?? jsonSize(body);
  if (size === undefined || size > METRIC_LIMITS.maxRequestBytes) {
    issues.add('', size === undefined
      ? 'the body is not JSON-serialisable'
      : `the request is ${size} bytes; the limit is 1 MB (${METRIC_LIMITS.maxRequestBytes} bytes)`);
    issues.throwIfAny(what);
  }
  const shape = has(body, 'Namespace') || has(body, 'MetricData') ? CLOUDWATCH : OURS;
  checkKeys(body, '', [shape.namespace, shape.metricData], issues);

  const namespaceProblem = has(body, shape.namespace) ? nameProblem(body[shape.namespace], NAMESPACE_RULE) : 'is required';
  if (namespaceProblem) issues.add(shape.namespace, namespaceProblem);
  const list = body[shape.metricData];
  if (!Array.isArray(list)) {
    issues.add(shape.metricData, list === undefined ? 'is required (an array of 1-1000 datapoints)' : `must be an array of datapoints, got ${describeJson(list)}`);
    issues.raise(what);
  }
  if (list.length === 0 || list.length > METRIC_LIMITS.maxDatapoints) {
    issues.add(shape.metricData, `must hold 1-${METRIC_LIMITS.maxDatapoints} datapoints, got ${list.length}`);
    issues.throwIfAny(what);
  }
  const namespace = body[shape.namespace] as string;
  const data: MetricInput[] = [];
  for (let i = 0; i < list.length && !issues.full; i++) {
    const d = parseDatum(list[i], joinPath(shape.metricData, i), shape, namespace, now, issues);
    if (d) data.push(d);
  }
  issues.throwIfAny(what);
  return { format: shape.name, namespace, data };
}

function jsonSize(body: unknown): number | undefined {
  try {
    const s = JSON.stringify(body);
    return s === undefined ? undefined : Buffer.byteLength(s, 'utf8');
  } catch {
    return undefined;
  }
}

function checkKeys(o: Obj, path: string, allowed: readonly string[], issues: IssueList): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k) || o[k] === undefined) continue;
    const near = allowed.find((a) => a.toLowerCase() === k.toLowerCase());
    issues.add(joinPath(path, k), `unknown field${near ? ` (did you mean "${near}"?)` : `; expected ${allowed.map((a) => `"${a}"`).join(', ')}`}`);
  }
}

function parseDatum(raw: unknown, path: string, s: Shape, namespace: string, now: number, issues: IssueList): MetricInput | undefined {
  if (!isObject(raw)) {
    issues.add(path, `must be an object with "${s.metricName}" and a value, got ${describeJson(raw)}`);
    return undefined;
  }
  const before = issues.total;
  checkKeys(raw, path, [s.metricName, s.dimensions, s.timestamp, s.value, s.values, s.counts, s.statisticValues, s.unit, s.storageResolution], issues);
  const nameProblemText = has(raw, s.metricName) ? nameProblem(raw[s.metricName], METRIC_NAME_RULE) : 'is required';
  if (nameProblemText) issues.add(joinPath(path, s.metricName), nameProblemText);
  const dimensions = parseDimensions(raw[s.dimensions], joinPath(path, s.dimensions), s, issues);

  let timestamp = now;
  if (has(raw, s.timestamp)) {
    const t = parseTimeInput(raw[s.timestamp]);
    if ('error' in t) issues.add(joinPath(path, s.timestamp), t.error);
    else if (t.ms < now - METRIC_LIMITS.maxPastMs) issues.add(joinPath(path, s.timestamp), `${new Date(t.ms).toISOString()} is more than 2 weeks in the past`);
    else if (t.ms > now + METRIC_LIMITS.maxFutureMs) issues.add(joinPath(path, s.timestamp), `${new Date(t.ms).toISOString()} is more than 2 hours in the future`);
    else timestamp = t.ms;
  }

  let unit: MetricUnit = 'None';
  if (has(raw, s.unit)) {
    const u = raw[s.unit];
    if (typeof u === 'string' && (METRIC_UNITS as readonly string[]).includes(u)) unit = u as MetricUnit;
    else {
      const near = typeof u === 'string' ? METRIC_UNITS.find((x) => x.toLowerCase() === u.toLowerCase()) : undefined;
      issues.add(joinPath(path, s.unit), `must be a CloudWatch unit${near ? ` (did you mean "${near}"?)` : ` (${METRIC_UNITS.join(', ')})`}, got ${describeJson(u)}`);
    }
  }

  let storageResolution: 1 | 60 = 60;
  if (has(raw, s.storageResolution)) {
    const r = raw[s.storageResolution];
    if (r === 1 || r === 60) storageResolution = r;
    else issues.add(joinPath(path, s.storageResolution), `must be 1 (high resolution) or 60 (standard), got ${describeJson(r)}`);
  }

  const base: MetricInputBase = { namespace, metricName: raw[s.metricName] as string, dimensions, timestamp, unit, storageResolution };
  const value = parseValueFields(raw, path, s, issues);
  if (issues.total > before || !value) return undefined;
  return { ...base, ...value };
}

function parseDimensions(raw: unknown, path: string, s: Shape, issues: IssueList): Dimensions {
  if (raw === undefined) return {};
  const entries: Array<{ name: unknown; value: unknown; namePath: string; nameLabel: string; valuePath: string }> = [];
  if (Array.isArray(raw)) {
    raw.forEach((d, j) => {
      const p = joinPath(path, j);
      if (!isObject(d)) {
        issues.add(p, `must be an object {"${s.dimName}": …, "${s.dimValue}": …}, got ${describeJson(d)}`);
        return;
      }
      checkKeys(d, p, [s.dimName, s.dimValue], issues);
      entries.push({ name: d[s.dimName], value: d[s.dimValue], namePath: joinPath(p, s.dimName), nameLabel: '', valuePath: joinPath(p, s.dimValue) });
    });
  } else if (isObject(raw) && s.name === 'canarykit') {
    for (const k of Object.keys(raw)) {
      if (raw[k] !== undefined) entries.push({ name: k, value: raw[k], namePath: joinPath(path, k), nameLabel: 'the dimension name ', valuePath: joinPath(path, k) });
    }
  } else {
    issues.add(path, s.name === 'canarykit'
      ? `must be an object like {"Service": "cart"} or an array of {"name", "value"}, got ${describeJson(raw)}`
      : `must be an array of {"Name", "Value"}, got ${describeJson(raw)}`);
    return {};
  }
  if (entries.length > METRIC_LIMITS.maxDimensions) issues.add(path, `at most ${METRIC_LIMITS.maxDimensions} dimensions are allowed, got ${entries.length}`);
  const seen = new Map<string, string>();
  const ok: Array<[string, string]> = [];
  for (const { name, value, namePath, nameLabel, valuePath } of entries) {
    const np = has({ name }, 'name') ? nameProblem(name, DIMENSION_NAME_RULE) : 'is required';
    const vp = has({ value }, 'value') ? nameProblem(value, DIMENSION_VALUE_RULE) : 'is required';
    if (np) issues.add(namePath, `${nameLabel}${np}`);
    if (vp) issues.add(valuePath, vp);
    if (np || vp || typeof name !== 'string') continue;
    const first = seen.get(name);
    if (first !== undefined) {
      issues.add(namePath, `duplicate dimension name "${name}" (first at ${first})`);
      continue;
    }
    seen.set(name, namePath);
    ok.push([name, value as string]);
  }
  return Object.fromEntries(ok);
}

type ValueFields = { value: number } | { values: number[]; counts: number[] } | { statisticValues: StatisticSet };

function parseValueFields(raw: Obj, path: string, s: Shape, issues: IssueList): ValueFields | undefined {
  const given = [s.value, s.values, s.statisticValues].filter((k) => has(raw, k));
  if (given.length !== 1) {
    issues.add(path, given.length === 0
      ? `needs a value: "${s.value}", "${s.values}" (with optional "${s.counts}") or "${s.statisticValues}"`
      : `give exactly one of "${s.value}", "${s.values}" or "${s.statisticValues}", got ${given.map((k) => `"${k}"`).join(' and ')}`);
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
    issues.add(vp, Array.isArray(values)
      ? `must hold 1-${METRIC_LIMITS.maxValues} values, got ${values.length}`
      : `must be an array of numbers, got ${describeJson(values)}`);
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
      issues.add(cp, Array.isArray(c)
        ? `must have as many entries as "${s.values}" (${values.length}), got ${c.length}`
        : `must be an array of numbers, got ${describeJson(c)}`);
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
    issues.add(path, `must be an object {"${s.sampleCount}", "${s.sum}", "${s.minimum}", "${s.maximum}"}, got ${describeJson(raw)}`);
    return undefined;
  }
  const before = issues.total;
  checkKeys(raw, path, [s.sampleCount, s.sum, s.minimum, s.maximum], issues);
  for (const k of [s.sampleCount, s.sum, s.minimum, s.maximum]) {
    const p = has(raw, k) ? valueProblem(raw[k]) : 'is required';
    if (p) issues.add(joinPath(path, k), p);
  }
  if (issues.total > before) return undefined;
  const set: StatisticSet = {
    sampleCount: raw[s.sampleCount] as number, sum: raw[s.sum] as number,
    minimum: raw[s.minimum] as number, maximum: raw[s.maximum] as number,
  };
  if (set.sampleCount <= 0) issues.add(joinPath(path, s.sampleCount), `must be greater than 0, got ${set.sampleCount}`);
  else if (set.minimum > set.maximum) issues.add(path, `"${s.minimum}" (${set.minimum}) must not exceed "${s.maximum}" (${set.maximum})`);
  else {
    const lo = set.minimum * set.sampleCount;
    const hi = set.maximum * set.sampleCount;
    const tol = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi), Math.abs(set.sum), 1e-300);
    if (set.sum < lo - tol || set.sum > hi + tol) {
      issues.add(joinPath(path, s.sum), `${set.sum} is impossible for ${set.sampleCount} samples between ${set.minimum} and ${set.maximum}`);
    }
  }
  return issues.total > before ? undefined : { statisticValues: set };
}
