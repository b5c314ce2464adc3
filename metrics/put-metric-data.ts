import type { MetricUnit } from '../core/types.ts';
import { IssueList, joinPath } from './metric-data-error.ts';
import { METRIC_UNITS, type MetricInput, type MetricInputBase } from './metric-input.ts';
import { METRIC_LIMITS, METRIC_NAME_RULE, NAMESPACE_RULE, nameProblem } from './metric-name-rules.ts';
import { parseDimensions } from './put-metric-data-dimensions.ts';
import { CLOUDWATCH, checkKeys, has, isObject, OURS, type Shape, type ShapeNames } from './put-metric-data-shape.ts';
import { parseValueFields } from './put-metric-data-values.ts';
import { describeJson, parseTimeInput } from './time-input.ts';

export { MetricDataError, type MetricDataIssue } from './metric-data-error.ts';

export interface ParsedPutMetricData {
  /** Which JSON shape the body was in. */
  format: ShapeNames['name'];
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
    issues.add(
      '',
      `the body must be a JSON object with "namespace" and "metricData" (or CloudWatch's "Namespace" and "MetricData"), got ${describeJson(body)}`,
    );
    issues.raise(what);
  }
  const size = opts.sizeBytes ?? jsonSize(body);
  if (size === undefined || size > METRIC_LIMITS.maxRequestBytes) {
    issues.add(
      '',
      size === undefined
        ? 'the body is not JSON-serialisable'
        : `the request is ${size} bytes; the limit is 1 MB (${METRIC_LIMITS.maxRequestBytes} bytes)`,
    );
    issues.throwIfAny(what);
  }
  const shape = has(body, 'Namespace') || has(body, 'MetricData') ? CLOUDWATCH : OURS;
  checkKeys(body, '', shape.keys.top, issues);

  const namespaceProblem = has(body, shape.namespace)
    ? nameProblem(body[shape.namespace], NAMESPACE_RULE)
    : 'is required';
  if (namespaceProblem) issues.add(shape.namespace, namespaceProblem);
  const list = body[shape.metricData];
  if (!Array.isArray(list)) {
    issues.add(
      shape.metricData,
      list === undefined
        ? 'is required (an array of 1-1000 datapoints)'
        : `must be an array of datapoints, got ${describeJson(list)}`,
    );
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

function parseDatum(
  raw: unknown,
  path: string,
  s: Shape,
  namespace: string,
  now: number,
  issues: IssueList,
): MetricInput | undefined {
  if (!isObject(raw)) {
    issues.add(path, `must be an object with "${s.metricName}" and a value, got ${describeJson(raw)}`);
    return undefined;
  }
  const before = issues.total;
  checkKeys(raw, path, s.keys.datum, issues);
  const nameProblemText = has(raw, s.metricName) ? nameProblem(raw[s.metricName], METRIC_NAME_RULE) : 'is required';
  if (nameProblemText) issues.add(joinPath(path, s.metricName), nameProblemText);
  const dimensions = parseDimensions(raw[s.dimensions], joinPath(path, s.dimensions), s, issues);

  let timestamp = now;
  if (has(raw, s.timestamp)) {
    const t = parseTimeInput(raw[s.timestamp]);
    if ('error' in t) issues.add(joinPath(path, s.timestamp), t.error);
    else if (t.ms < now - METRIC_LIMITS.maxPastMs)
      issues.add(joinPath(path, s.timestamp), `${new Date(t.ms).toISOString()} is more than 2 weeks in the past`);
    else if (t.ms > now + METRIC_LIMITS.maxFutureMs)
      issues.add(joinPath(path, s.timestamp), `${new Date(t.ms).toISOString()} is more than 2 hours in the future`);
    else timestamp = t.ms;
  }

  let unit: MetricUnit = 'None';
  if (has(raw, s.unit)) {
    const u = raw[s.unit];
    if (typeof u === 'string' && (METRIC_UNITS as readonly string[]).includes(u)) unit = u as MetricUnit;
    else {
      const near = typeof u === 'string' ? METRIC_UNITS.find((x) => x.toLowerCase() === u.toLowerCase()) : undefined;
      issues.add(
        joinPath(path, s.unit),
        `must be a CloudWatch unit${near ? ` (did you mean "${near}"?)` : ` (${METRIC_UNITS.join(', ')})`}, got ${describeJson(u)}`,
      );
    }
  }

  let storageResolution: 1 | 60 = 60;
  if (has(raw, s.storageResolution)) {
    const r = raw[s.storageResolution];
    if (r === 1 || r === 60) storageResolution = r;
    else
      issues.add(
        joinPath(path, s.storageResolution),
        `must be 1 (high resolution) or 60 (standard), got ${describeJson(r)}`,
      );
  }

  const base: MetricInputBase = {
    namespace,
    metricName: raw[s.metricName] as string,
    dimensions,
    timestamp,
    unit,
    storageResolution,
  };
  const value = parseValueFields(raw, path, s, issues);
  if (issues.total > before || !value) return undefined;
  return { ...base, ...value };
}
