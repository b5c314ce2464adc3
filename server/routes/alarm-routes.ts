import express, { type Router } from 'express';
import { z } from 'zod';
import type { AlarmState, CompositeAlarmDefinition, MetricAlarmDefinition } from '../../core/types.ts';
import type { ApiDeps } from '../api-deps.ts';
import { HttpError } from '../http-error.ts';
import { intParam } from '../query-params.ts';
import { parseDuration } from '../../core/duration.ts';
import type { Logger } from '../../core/logger.ts';
import { routeErrors } from '../route-errors.ts';

/** The longest mute: longer ones are a 400 (a mute is for a deploy or an incident, not for ever). */
export const MAX_MUTE_MS = 365 * 86_400_000;

type AnyAlarm =
  (MetricAlarmDefinition & { type: 'MetricAlarm' }) | (CompositeAlarmDefinition & { type: 'CompositeAlarm' });

const setStateBody = z.strictObject({
  stateValue: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  stateReason: z.string().min(1).max(1023),
});
const muteBody = z.strictObject({ for: z.string().min(1), reason: z.string().max(1023).default('muted') });

function bodyOf<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new HttpError(400, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** `/api/alarms…`: metric and composite alarms, their state, history, evaluations, set-state and mutes. */
export function alarmRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));
  const all = (): AnyAlarm[] => [
    ...deps.alarms().map((a) => ({ ...a, type: 'MetricAlarm' as const })),
    ...deps.composites().map((c) => ({ ...c, type: 'CompositeAlarm' as const })),
  ];
  const find = (name: string): AnyAlarm => {
    const a = all().find((x) => x.name === name);
    if (!a) throw new HttpError(404, `unknown alarm "${name}"`);
    return a;
  };
  const summary = (a: AnyAlarm) =>
    a.type === 'MetricAlarm'
      ? { metricName: a.metricName, namespace: a.namespace, dimensions: a.dimensions }
      : { alarmRule: a.alarmRule };

  r.get('/', async (_req, res) => {
    const alarms = all();
    const states = await deps.alarmStates.getMany(alarms.map((a) => a.name));
    res.json(alarms.map((a, i) => ({ name: a.name, type: a.type, ...states[i], ...summary(a) })));
  });

  r.get('/:name', async (req, res) => {
    const alarm = find(req.params.name);
    const [state, history, mute] = await Promise.all([
      deps.alarmStates.get(alarm.name),
      deps.alarmStates.history(alarm.name, 100),
      deps.control.getMute(alarm.name),
    ]);
    const { type, ...definition } = alarm;
    res.json({ name: alarm.name, type, ...state, mute: mute ?? null, definition, history });
  });

  r.get('/:name/history', async (req, res) => {
    const alarm = find(req.params.name);
    const type = req.query.type;
    if (type !== undefined && !['StateUpdate', 'ConfigurationUpdate', 'Action'].includes(String(type))) {
      throw new HttpError(400, 'query parameter "type" must be StateUpdate, ConfigurationUpdate or Action');
    }
    const items = await deps.alarmStates.history(alarm.name, intParam(req.query.limit, 'limit', 100, 100_000));
    res.json(type === undefined ? items : items.filter((i) => i.type === type));
  });

  r.get('/:name/evaluations', async (req, res) => {
    const alarm = find(req.params.name);
    res.json(await deps.alarmStates.evaluations(alarm.name, intParam(req.query.limit, 'limit', 50, 50)));
  });

  r.post('/:name/state', async (req, res) => {
    const alarm = find(req.params.name);
    const body = bodyOf(setStateBody, req.body);
    const t = await deps.control.setState(alarm.name, body.stateValue as AlarmState, body.stateReason);
    res.json({ name: alarm.name, changed: t !== undefined, transition: t ?? null });
  });

  r.post('/:name/mute', async (req, res) => {
    const alarm = find(req.params.name);
    const body = bodyOf(muteBody, req.body);
    let ms: number;
    try {
      ms = parseDuration(body.for);
    } catch (err) {
      throw new HttpError(400, `for: ${(err as Error).message}`);
    }
    if (!Number.isSafeInteger(ms) || ms < 1 || ms > MAX_MUTE_MS)
      throw new HttpError(400, `for: a mute lasts at least 1 ms and at most 365d, got ${JSON.stringify(body.for)}`);
    res.json(await deps.control.mute(alarm.name, ms, body.reason));
  });

  r.delete('/:name/mute', async (req, res) => {
    const alarm = find(req.params.name);
    res.json({ name: alarm.name, unmuted: await deps.control.unmute(alarm.name) });
  });
  r.use(routeErrors(log, 'alarms'));
  return r;
}
