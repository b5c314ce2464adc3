import express, { type Router } from 'express';
import { anomalyDetectionSchema, type AnomalyDetection } from '../../alarms/anomaly/anomaly-schema.ts';
import { bandSeries, MAX_BAND_SERIES_POINTS } from '../../alarms/anomaly/band-series.ts';
import type { BandAlarmIdentity } from '../../alarms/anomaly/training-plan.ts';
import { train } from '../../alarms/band-models.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import type { MetricAlarmDefinition } from '../../core/types.ts';
import type { MetricStore } from '../../metrics/metric-store.ts';
import { IssueList } from '../../metrics/metric-data-error.ts';
import { parseStatistic } from '../../metrics/statistic-name.ts';
import { parseDimensionsParam } from '../../metrics/statistics-request.ts';
import { parseTimeInput } from '../../metrics/time-input.ts';
import { DEFAULT_API_LIMITS, type ApiLimits } from '../api-limits.ts';
import { HttpError } from '../http-error.ts';
import { routeErrors } from '../route-errors.ts';

const DAY = 86_400_000;

export interface BandRouteDeps {
  store: MetricStore;
  alarms: () => ReadonlyArray<MetricAlarmDefinition>;
  limits?: Pick<ApiLimits, 'maxConcurrentBands' | 'maxBandTrainingPeriods'>;
  log?: Logger;
}

/** Periods starting in [start, end), aligned as the store aggregates them (what bandSeries would return). */
function periodCount(start: number, end: number, periodMs: number): number {
  const first = Math.ceil(start / periodMs) * periodMs;
  return Math.max(0, Math.ceil((end - first) / periodMs));
}

/**
 * `GET /api/metrics/band`: the expected band of a metric, for plotting. Either `?alarm=NAME` (that alarm's
 * metric, statistic, period and anomalyDetection) or `namespace`, `metricName`, `dimensions`, `statistic`,
 * `period`, and optionally `width`, `trainingDays`, `seasonality`. `start`/`end` default to the last 24 h.
 * Every bound is checked before any data is read: at most MAX_BAND_SERIES_POINTS periods in the answer and
 * `maxBandTrainingPeriods` to train on (413), at most `maxConcurrentBands` computations at once (429).
 */
export function bandRoute(deps: BandRouteDeps): Router {
  const limits = deps.limits ?? DEFAULT_API_LIMITS;
  const log = deps.log ?? createLogger('api');
  let running = 0;
  const r = express.Router();
  r.get('/api/metrics/band', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const issues = new IssueList();
    const text = (k: string): string | undefined => {
      const v = q[k];
      if (v !== undefined && typeof v !== 'string') issues.add(k, 'must be given once, as a plain string');
      return typeof v === 'string' ? v : undefined;
    };
    let identity: BandAlarmIdentity;
    let adHoc = false;
    const alarmName = text('alarm');
    if (alarmName !== undefined) {
      const a = deps.alarms().find((x) => x.name === alarmName);
      if (!a) throw new HttpError(404, `unknown alarm "${alarmName}"`);
      if (!a.anomalyDetection) throw new HttpError(400, `alarm "${alarmName}" is not an anomaly detection alarm`);
      identity = { ...a, anomalyDetection: a.anomalyDetection as AnomalyDetection };
    } else {
      adHoc = true;
      const namespace = text('namespace');
      const metricName = text('metricName');
      if (!namespace) issues.add('namespace', 'is required (or pass alarm=NAME)');
      if (!metricName) issues.add('metricName', 'is required (or pass alarm=NAME)');
      const dimensions = parseDimensionsParam(text('dimensions'), issues);
      const statistic = text('statistic') ?? 'Average';
      try {
        parseStatistic(statistic);
      } catch (err) {
        issues.add('statistic', (err as Error).message);
      }
      const period = Number(text('period') ?? 60);
      if (!Number.isInteger(period) || period < 1) issues.add('period', 'must be a whole number of seconds ≥ 1');
      const width = text('width');
      const trainingDays = text('trainingDays');
      const seasonality = text('seasonality');
      const ad = anomalyDetectionSchema.safeParse({
        ...(width ? { width: Number(width) } : {}),
        ...(trainingDays ? { trainingDays: Number(trainingDays) } : {}),
        ...(seasonality ? { seasonality } : {}),
      });
      if (!ad.success) for (const i of ad.error.issues) issues.add(i.path.join('.'), i.message);
      if (issues.total > 0 || !ad.success)
        throw new HttpError(400, issues.items.map((i) => `${i.path}: ${i.message}`).join('; '));
      identity = {
        name: 'adhoc',
        namespace: namespace as string,
        metricName: metricName as string,
        dimensions,
        statistic,
        period,
        evaluationPeriods: 1,
        anomalyDetection: ad.data,
      };
    }
    const time = (k: string, def: number) => {
      const raw = text(k);
      if (raw === undefined) return def;
      const t = parseTimeInput(raw, { numericStrings: true });
      if ('error' in t) throw new HttpError(400, `${k}: ${t.error}`);
      return t.ms;
    };
    const end = time('end', Date.now());
    const start = time('start', end - DAY);
    if (issues.total > 0) throw new HttpError(400, issues.items.map((i) => `${i.path}: ${i.message}`).join('; '));
    if (start >= end) throw new HttpError(400, 'start must be before end');

    // Bounds first: nothing is read or trained for a request that would be refused anyway.
    const periodMs = identity.period * 1000;
    const points = periodCount(start, end, periodMs);
    if (points > MAX_BAND_SERIES_POINTS)
      throw new HttpError(
        413,
        `the band from start to end holds ${points} periods of ${identity.period} s, at most ${MAX_BAND_SERIES_POINTS}: use a longer period or a shorter range`,
      );
    const trainingPeriods = Math.ceil((identity.anomalyDetection.trainingDays * DAY) / periodMs);
    if (adHoc && trainingPeriods > limits.maxBandTrainingPeriods)
      throw new HttpError(
        413,
        `training on ${identity.anomalyDetection.trainingDays} days of ${identity.period} s periods is ${trainingPeriods} periods, at most ${limits.maxBandTrainingPeriods}: use a longer period or fewer trainingDays`,
      );
    if (running >= limits.maxConcurrentBands)
      throw new HttpError(
        429,
        `at most ${limits.maxConcurrentBands} band computations run at once on this API process; try again shortly`,
        { 'retry-after': '1' },
      );
    running += 1;
    log.debug(
      { router: 'band', metric: `${identity.namespace}/${identity.metricName}`, running },
      'band computation started',
    );
    try {
      const model = await train(deps.store, identity, end);
      res.json({
        status: model.status,
        explanation: model.explanation,
        width: model.width,
        period: identity.period,
        points: bandSeries(model, { start, end, periodMs }),
      });
    } finally {
      running -= 1;
      log.debug({ router: 'band', running }, 'band computation ended');
    }
  });
  r.use(routeErrors(log, 'band'));
  return r;
}
