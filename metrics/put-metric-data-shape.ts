import { joinPath, type IssueList } from './metric-data-error.ts';

/**
 * The field names of one of the two accepted JSON shapes. Issue paths use the caller's own names, so
 * `metricData[3].dimensions[1].value` in ours and `MetricData[3].Dimensions[1].Value` in CloudWatch's.
 */
export interface ShapeNames {
  name: 'canarykit' | 'cloudwatch';
  namespace: string;
  metricData: string;
  metricName: string;
  dimensions: string;
  dimName: string;
  dimValue: string;
  timestamp: string;
  value: string;
  values: string;
  counts: string;
  statisticValues: string;
  unit: string;
  storageResolution: string;
  sampleCount: string;
  sum: string;
  minimum: string;
  maximum: string;
}

/** Allowed keys per level of a shape, computed once. */
const allowedKeys = (s: ShapeNames) => ({
  top: [s.namespace, s.metricData],
  datum: [
    s.metricName,
    s.dimensions,
    s.timestamp,
    s.value,
    s.values,
    s.counts,
    s.statisticValues,
    s.unit,
    s.storageResolution,
  ],
  dimension: [s.dimName, s.dimValue],
  set: [s.sampleCount, s.sum, s.minimum, s.maximum],
});

const OURS_SHAPE: ShapeNames = {
  name: 'canarykit',
  namespace: 'namespace',
  metricData: 'metricData',
  metricName: 'metricName',
  dimensions: 'dimensions',
  dimName: 'name',
  dimValue: 'value',
  timestamp: 'timestamp',
  value: 'value',
  values: 'values',
  counts: 'counts',
  statisticValues: 'statisticValues',
  unit: 'unit',
  storageResolution: 'storageResolution',
  sampleCount: 'sampleCount',
  sum: 'sum',
  minimum: 'minimum',
  maximum: 'maximum',
};
export type Shape = ShapeNames & { keys: ReturnType<typeof allowedKeys> };
export const OURS: Shape = { ...OURS_SHAPE, keys: allowedKeys(OURS_SHAPE) };

const CLOUDWATCH_SHAPE: ShapeNames = {
  name: 'cloudwatch',
  namespace: 'Namespace',
  metricData: 'MetricData',
  metricName: 'MetricName',
  dimensions: 'Dimensions',
  dimName: 'Name',
  dimValue: 'Value',
  timestamp: 'Timestamp',
  value: 'Value',
  values: 'Values',
  counts: 'Counts',
  statisticValues: 'StatisticValues',
  unit: 'Unit',
  storageResolution: 'StorageResolution',
  sampleCount: 'SampleCount',
  sum: 'Sum',
  minimum: 'Minimum',
  maximum: 'Maximum',
};
export const CLOUDWATCH: Shape = { ...CLOUDWATCH_SHAPE, keys: allowedKeys(CLOUDWATCH_SHAPE) };

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
export const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

/** Adds an issue for each key of `o` not in `allowed`, suggesting a case-insensitive match. */
export function checkKeys(o: Obj, path: string, allowed: readonly string[], issues: IssueList): void {
  for (const k of Object.keys(o)) {
    if (allowed.includes(k) || o[k] === undefined) continue;
    const near = allowed.find((a) => a.toLowerCase() === k.toLowerCase());
    issues.add(
      joinPath(path, k),
      `unknown field${near ? ` (did you mean "${near}"?)` : `; expected ${allowed.map((a) => `"${a}"`).join(', ')}`}`,
    );
  }
}
