import express, { type Router } from 'express';
import type { CanaryEventType, EventStream } from '../../core/events.ts';
import type { Logger } from '../../core/logger.ts';
import { isStreamId } from '../../events/stream-id.ts';
import { HttpError } from '../http-error.ts';
import { routeErrors } from '../route-errors.ts';

/** The events the dashboard's live view follows. */
export const LIVE_EVENT_TYPES = [
  'RunFinished',
  'AlarmTransitioned',
  'ActionExecuted',
] as const satisfies readonly CanaryEventType[];

const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: server-sent events from the event stream (RunFinished, AlarmTransitioned, ActionExecuted),
 * each with its stream id as `id:`, so a reconnecting EventSource resumes after `Last-Event-ID` (or `?after=`);
 * a comment line every 15 s keeps proxies from closing a quiet stream. A client that goes away ends its
 * subscription (and its Redis connection).
 */
export function eventRoutes(events: EventStream | undefined, log: Logger): Router {
  const r = express.Router();

  r.get('/api/events', async (req, res) => {
    if (!events) throw new HttpError(404, 'the event stream is not available on this API');
    const given = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
    if (given !== undefined && !isStreamId(given))
      throw new HttpError(400, `Last-Event-ID must be an event stream id such as 1718000000000-0, got "${given}"`);
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const sub = events.subscribe(
      (e) => {
        if (res.writableEnded) return;
        res.write(`id: ${e.id}\nevent: ${e.event.type}\ndata: ${JSON.stringify({ ...e.event, at: e.at })}\n\n`);
      },
      { after: given ?? '$', types: LIVE_EVENT_TYPES },
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let closed = false;
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      sub.close().catch((err: Error) => log.warn({ err: err.message }, 'event subscription did not close'));
    };
    req.on('close', end);
    res.on('close', end);
    await sub.ready;
    if (!res.writableEnded) res.write(': ready\n\n');
  });

  r.use(routeErrors(log, 'events'));
  return r;
}
