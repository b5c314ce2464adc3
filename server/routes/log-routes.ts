import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Logger } from '../../core/logger.ts';
import { logGroupNameProblem, retentionProblem } from '../../logs/log-group-rules.ts';
import type { LogIngestor } from '../../logs/log-ingestor.ts';
import type { LogStore } from '../../logs/log-store.ts';
import { parseFilterPattern, PatternSyntaxError, testMetricFilter } from '../../logs/pattern/index.ts';
import { parseLogEvents } from '../../logs/put-log-events.ts';
import { parseTimeInput } from '../../metrics/time-input.ts';
import { HttpError } from '../http-error.ts';
import { intParam, textParam } from '../query-params.ts';
import { routeErrors } from '../route-errors.ts';

export interface LogRoutesDeps {
  store: LogStore;
  ingestor: LogIngestor;
  log?: Logger;
}

/** JSON escaping can make a 1 MiB batch (as CloudWatch counts it) take several times that on the wire. */
const BODY_LIMIT = '8mb';
const NDJSON = 'application/x-ndjson';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A PatternSyntaxError as a 400 with where and what. */
function patternError(e: PatternSyntaxError, field: string): HttpError {
  return new HttpError(
    400,
    `${field}: ${e.message}`,
    {},
    { position: e.position, expected: e.expected, found: e.found },
  );
}

function compilePattern(text: string | undefined, field: string) {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseFilterPattern(text);
  } catch (e) {
    if (e instanceof PatternSyntaxError) throw patternError(e, field);
    throw e;
  }
}

function timeParam(value: unknown, name: string): number | undefined {
  const text = textParam(value, name);
  if (text === undefined || text === '') return undefined;
  const t = parseTimeInput(text, { numericStrings: true });
  if ('error' in t) throw new HttpError(400, `query parameter "${name}" ${t.error}`);
  return t.ms;
}

const encodeToken = (order: string, id: string) => Buffer.from(`${order}|${id}`).toString('base64url');
function decodeToken(token: string | undefined, order: string): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(token) ? Buffer.from(token, 'base64url').toString() : '';
  const m = /^(oldest|newest)\|(\d{1,16}-\d{1,16})$/.exec(text);
  if (!m) throw new HttpError(400, 'query parameter "nextToken" is not a token this API returned');
  if (m[1] !== order) throw new HttpError(400, `nextToken was returned for order=${m[1]}, not order=${order}`);
  return m[2];
}

/**
 * The logs API (CloudWatch Logs' CreateLogGroup, DescribeLogGroups, DescribeLogStreams, PutLogEvents,
 * FilterLogEvents and TestMetricFilter). Group names hold `/`: URL-encode them in paths (`/api/logs/%2Fapp%2Fweb/web-1`).
 */
export function logRoutes(deps: LogRoutesDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: BODY_LIMIT });

  router.post('/api/logs/groups', requireBody, json, async (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body)) throw new HttpError(400, 'send { "logGroupName": "/app/web", "retentionInDays": 30 }');
    for (const k of Object.keys(body))
      if (k !== 'logGroupName' && k !== 'retentionInDays')
        throw new HttpError(400, `unknown field ${JSON.stringify(k)} (expected logGroupName and retentionInDays)`);
    const nameProblem = logGroupNameProblem(body.logGroupName);
    if (nameProblem) throw new HttpError(400, `logGroupName: ${nameProblem}`);
    const retention = body.retentionInDays;
    const rp = retentionProblem(retention);
    if (rp) throw new HttpError(400, rp);
    const group = await deps.store.createGroup({
      logGroupName: body.logGroupName as string,
      ...(typeof retention === 'number' ? { retentionInDays: retention } : {}),
      source: 'api',
    });
    res.status(201).json(group);
  });

  router.get('/api/logs/groups', async (req, res) => {
    const prefix = textParam(req.query.prefix, 'prefix');
    res.json({ logGroups: await deps.store.listGroups(prefix || undefined) });
  });

  router.post('/api/logs/test-pattern', requireBody, json, (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body) || typeof body.filterPattern !== 'string' || !Array.isArray(body.logEventMessages))
      throw new HttpError(400, 'send { "filterPattern": "...", "logEventMessages": ["...", ...] } (1 to 50 messages)');
    try {
      res.json(testMetricFilter(body.filterPattern, body.logEventMessages as string[]));
    } catch (e) {
      if (e instanceof PatternSyntaxError) throw patternError(e, 'filterPattern');
      if (e instanceof RangeError || e instanceof TypeError) throw new HttpError(400, e.message);
      throw e;
    }
  });

  router.get('/api/logs/:group/streams', async (req, res) => {
    const group = await deps.store.requireGroup(req.params.group as string);
    res.json({ logStreams: await deps.store.listStreams(group.logGroupName) });
  });

  router.get('/api/logs/:group/events', async (req, res) => {
    const q = req.query;
    const streamParam = q.stream;
    const streams =
      streamParam === undefined
        ? []
        : Array.isArray(streamParam) && streamParam.every((s) => typeof s === 'string')
          ? (streamParam as string[])
          : typeof streamParam === 'string'
            ? [streamParam]
            : undefined;
    if (streams === undefined || streams.length > 100)
      throw new HttpError(400, 'query parameter "stream" must be a stream name, repeated for several (at most 100)');
    const start = timeParam(q.start, 'start');
    const end = timeParam(q.end, 'end');
    if (start !== undefined && end !== undefined && end <= start)
      throw new HttpError(400, 'query parameter "end" must be after "start"');
    const order = textParam(q.order, 'order') ?? 'oldest';
    if (order !== 'oldest' && order !== 'newest')
      throw new HttpError(400, `query parameter "order" must be "oldest" or "newest", got ${JSON.stringify(order)}`);
    const limit = intParam(q.limit, 'limit', 100, 10_000);
    const pattern = compilePattern(textParam(q.filterPattern, 'filterPattern'), 'filterPattern');
    const after = decodeToken(textParam(q.nextToken, 'nextToken'), order);
    const group = await deps.store.requireGroup(req.params.group as string);
    const page = await deps.store.filter(group.logGroupName, {
      streams,
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
      ...(pattern ? { test: (m: string) => pattern.test(m) } : {}),
      limit,
      order,
      ...(after ? { after } : {}),
    });
    res.json({
      events: page.events,
      ...(page.next ? { nextToken: encodeToken(order, page.next) } : {}),
      searchedEvents: page.scanned,
    });
  });

  router.post(
    '/api/logs/:group/:stream',
    requireBody,
    express.text({ type: NDJSON, limit: BODY_LIMIT }),
    json,
    async (req, res) => {
      const events = parseLogEvents(req.is(NDJSON) ? ndjsonEvents(req.body as string) : jsonEvents(req.body));
      const result = await deps.ingestor.put(req.params.group as string, req.params.stream as string, events);
      res.json({
        acceptedCount: result.accepted,
        ...(result.rejectedLogEventsInfo ? { rejectedLogEventsInfo: result.rejectedLogEventsInfo } : {}),
        metricFilterMatches: result.metricFilterMatches,
      });
    },
  );

  router.use(
    routeErrors(deps.log ?? createLogger('api'), 'logs', {
      tooLarge: `the body is larger than ${BODY_LIMIT}; a PutLogEvents batch is at most 1 MiB of messages`,
    }),
  );
  return router;
}

function jsonEvents(body: unknown): unknown {
  if (!isObject(body))
    throw new HttpError(400, 'send { "events": [{ "timestamp": <epoch ms>, "message": "..." }] } or NDJSON lines');
  for (const k of Object.keys(body))
    if (k !== 'events' && k !== 'logEvents')
      throw new HttpError(400, `unknown field ${JSON.stringify(k)} (expected events)`);
  return body.events ?? body.logEvents;
}

function ndjsonEvents(text: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new HttpError(400, `NDJSON line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 60))}`);
    }
    if (out.length > 10_000) throw new HttpError(400, 'a batch holds at most 10000 events');
  }
  return out;
}

function requireBody(req: Request, _res: Response, next: NextFunction): void {
  const type = req.is(['application/json', NDJSON]);
  if (type === null || req.headers['content-length'] === '0') next(new HttpError(400, 'the body is empty'));
  else if (type === false)
    next(
      new HttpError(
        415,
        `send JSON (Content-Type: application/json)${req.path.endsWith('/groups') || req.path.endsWith('/test-pattern') ? '' : ' or NDJSON (application/x-ndjson)'}, got ${JSON.stringify(req.headers['content-type'] ?? '')}`,
      ),
    );
  else next();
}
