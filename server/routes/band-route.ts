import express, { type Router } from 'express';
import { anomalyDetectionSchema, type AnomalyDetection } from '../../alarms/anomaly/anomaly-schema.ts';
import { bandSeries } from '../../alarms/anomaly/band-series.ts';
import type { BandAlarmIdentity } from '../../alarms/anomaly/training-plan.ts';
import { train } from '../../alarms/band-models.ts';
import type { MetricAlarmDefinition } from '../../core/types.ts';
import type { MetricStore } from '../../metrics/metric-store.ts';
import { IssueList } from '../../metrics/metric-data-error.ts';
import { parseStatistic } from '../../metrics/statistic-name.ts';
import { parseDimensionsParam } from '../../metrics/statistics-request.ts';
import { parseTimeInput } from '../../metrics/time-input.ts';
import { HttpError } from '../http-error.ts';

const DAY = 86_400_000;

/**
 * `GET /api/metrics/band`: the expected band of a metric, for plotting. Either `?alarm=NAME` (that alarm's
 * metric, statistic, period and anomalyDetection) or `namespace`, `metricName`, `dimensions`, `statistic`,
 * `period`, and optionally `width`, `trainingDays`, `seasonality`. `start`/`end` default to the last 24 h.
 */
export function bandRoute(deps: { store: MetricStore; alarms: () => ReadonlyArray<MetricAlarmDefinition> }): Router {
  const r = express.Router();
  r.get('/api/metrics/band', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const text = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);
    let identity: BandAlarmIdentity;
    const alarmName = text('alarm');
    if (alarmName !== undefined) {
      const a = deps.alarms().find((x) => x.name === alarmName);
      if (!a) throw new HttpError(404, `unknown alarm "${alarmName}"`);
      if (!a.anomalyDetection) throw new HttpError(400, `alarm "${alarmName}" is not an anomaly detection alarm`);
      identity = { ...a, anomalyDetection: a.anomalyDetection as AnomalyDetection };
    } else {
      const issues = new IssueList();
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
      const ad = anomalyDetectionSchema.safeParse({
        ...(text('width') ? { width: Number(text('width')) } : {}),
        ...(text('trainingDays') ? { trainingDays: Number(text('trainingDays')) } : {}),
        ...(text('seasonality') ? { seasonality: text('seasonality') } : {}),
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
    if (start >= end) throw new HttpError(400, 'start must be before end');
    const model = await train(deps.store, identity, end);
    let points;
    try {
      points = bandSeries(model, { start, end, periodMs: identity.period * 1000 });
    } catch (err) {
      if (err instanceof RangeError) throw new HttpError(400, err.message);
      throw err;
    }
    res.json({
      status: model.status,
      explanation: model.explanation,
      width: model.width,
      period: identity.period,
      points,
    });
  });
  return r;
}
