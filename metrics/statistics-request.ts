import type { Dimensions } from '../core/types.ts';
import { IssueList } from './metric-data-error.ts';
import type { MetricQuery } from './metric-store.ts';
import {
  DIMENSION_NAME_RULE,
  DIMENSION_VALUE_RULE,
  METRIC_LIMITS,
  METRIC_NAME_RULE,
  NAMESPACE_RULE,
  nameProblem,
} from './metric-name-rules.ts';
import { parseStatistic } from './statistic-name.ts';
import { parseTimeInput } from './time-input.ts';

/** CloudWatch's GetMetricStatistics limits. */
export const STATISTICS_LIMITS = { maxDatapoints: 1440, maxStatistics: 5, maxExtendedStatistics: 10 } as const;

export interface StatisticsRequest {
  query: MetricQuery;
  /** Distinct statistic names, validated, in the order asked. */
  statistics: string[];
}

type Params = Record<string, unknown>;

/**
 * Validates GetMetricStatistics query parameters: `namespace`, `metricName`, `dimensions` (`Service:cart,Env:prod`,
 * `k=v`, or JSON `{"Service":"cart"}` / `[{"Name":…,"Value":…}]`), `start` and `end` (ISO 8601, epoch seconds or
 * epoch ms), `period` (seconds, default 60: 1, 5, 10, 30 or a multiple of 60) and `statistics` (comma-separated, or
 * repeated). At most 1440 periods, 5 basic and 10 extended statistics, as in CloudWatch.
 *
 * @throws MetricDataError naming each bad parameter.
 */
export function parseStatisticsRequest(params: Params): StatisticsRequest {
  const issues: IssueList = new IssueList();
  const single = (name: string): string | undefined => {
    const v = params[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      issues.add(name, 'must be given once, as a plain string');
      return undefined;
    }
    return v;
  };
  const namespace = single('namespace');
  const metricName = single('metricName');
  const nsProblem =
    namespace === undefined ? 'is required' : nameProblem(namespace, { ...NAMESPACE_RULE, noAwsPrefix: false });
  if (nsProblem) issues.add('namespace', nsProblem);
  const mProblem = metricName === undefined ? 'is required' : nameProblem(metricName, METRIC_NAME_RULE);
  if (mProblem) issues.add('metricName', mProblem);
  const dimensions = parseDimensionsParam(single('dimensions'), issues);

  const time = (name: 'start' | 'end'): number | undefined => {
    const raw = single(name);
    if (raw === undefined) {
      if (params[name] === undefined)
        issues.add(name, 'is required (ISO 8601 like 2026-11-27T10:00:00Z, or epoch seconds)');
      return undefined;
    }
    const t = parseTimeInput(raw, { numericStrings: true });
    if ('error' in t) issues.add(name, t.error);
    return 'ms' in t ? t.ms : undefined;
  };
  const start = time('start');
  const end = time('end');
  if (start !== undefined && end !== undefined && start >= end) issues.add('end', 'must be later than start');

  const periodText = single('period');
  const period = periodText === undefined ? 60 : Number(periodText);
  if (periodText !== undefined && (!/^\d+$/.test(periodText) || !(period >= 1)))
    issues.add('period', `must be a whole number of seconds, got ${JSON.stringify(periodText)}`);
  else if (period < 60 ? ![1, 5, 10, 30].includes(period) : period % 60 !== 0)
    issues.add('period', `must be 1, 5, 10, 30 or a multiple of 60 seconds, got ${period}`);
  else if (start !== undefined && end !== undefined && start < end) {
    const count = Math.ceil((end - Math.floor(start / (period * 1000)) * period * 1000) / (period * 1000));
    if (count > STATISTICS_LIMITS.maxDatapoints)
      issues.add(
        'period',
        `gives ${count} periods between start and end; at most ${STATISTICS_LIMITS.maxDatapoints} are allowed (raise the period or narrow the range)`,
      );
  }

  const statistics = parseStatisticsList(params.statistics, issues);
  issues.throwIfAny('GetMetricStatistics request');
  return {
    query: {
      namespace: namespace as string,
      metricName: metricName as string,
      dimensions,
      start: start as number,
      end: end as number,
      period,
    },
    statistics,
  };
}

function parseStatisticsList(raw: unknown, issues: IssueList): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((s) => s.trim())
    .filter(Boolean);
  if (raw === undefined || parts.length === 0) {
    issues.add('statistics', 'is required: e.g. statistics=Average,p99');
    return [];
  }
  const out: string[] = [];
  let basic = 0;
  for (const s of parts) {
    if (out.includes(s)) continue;
    try {
      if (parseStatistic(s).kind === 'basic') basic += 1;
      out.push(s);
    } catch (err) {
      issues.add('statistics', (err as Error).message);
    }
  }
  if (basic > STATISTICS_LIMITS.maxStatistics)
    issues.add('statistics', `at most ${STATISTICS_LIMITS.maxStatistics} basic statistics`);
  if (out.length - basic > STATISTICS_LIMITS.maxExtendedStatistics)
    issues.add(
      'statistics',
      `at most ${STATISTICS_LIMITS.maxExtendedStatistics} extended statistics (percentiles, trimmed means)`,
    );
  return out;
}

/** `Service:cart,Env:prod`, `Service=cart`, or JSON (an object, or an array of {Name|name, Value|value}). */
export function parseDimensionsParam(text: string | undefined, issues: IssueList, path = 'dimensions'): Dimensions {
  if (text === undefined || text.trim() === '') return {};
  let pairs: Array<[unknown, unknown]>;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      issues.add(path, 'is not valid JSON');
      return {};
    }
    if (Array.isArray(json)) {
      pairs = json.map((d) => {
        const o = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
        return [o.Name ?? o.name, o.Value ?? o.value];
      });
    } else if (typeof json === 'object' && json !== null) pairs = Object.entries(json);
    else {
      issues.add(path, 'JSON must be an object or an array of {"Name", "Value"}');
      return {};
    }
  } else {
    pairs = trimmed.split(',').map((item) => {
      const at = item.search(/[:=]/);
      return at < 0 ? [item.trim(), undefined] : [item.slice(0, at).trim(), item.slice(at + 1).trim()];
    });
  }
  if (pairs.length > METRIC_LIMITS.maxDimensions)
    issues.add(path, `at most ${METRIC_LIMITS.maxDimensions} dimensions, got ${pairs.length}`);
  const out: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    const label = typeof name === 'string' ? `dimension "${name}"` : 'a dimension';
    const np = nameProblem(name, DIMENSION_NAME_RULE);
    const vp = value === undefined ? 'has no value (write Name:Value)' : nameProblem(value, DIMENSION_VALUE_RULE);
    if (np) issues.add(path, `${label}: name ${np}`);
    else if (vp) issues.add(path, `${label}: value ${vp}`);
    else if (out.some(([n]) => n === name)) issues.add(path, `${label} is given twice`);
    else out.push([name as string, value as string]);
  }
  return Object.fromEntries(out);
}
