import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intBetween, pick, seededRandom } from '../support/prng.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { rawRequest, type RawRequest } from './support/http-request.ts';
import { documentedRoutes, listRoutes, type RouteEntry } from './support/list-routes.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 8_05_2026);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);
/** A request that takes longer than this counts as a hang. */
const ABORT_AFTER_MS = 20_000;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'FOO'];
const QUERY_KEYS = [
  'limit',
  'stream',
  'filterPattern',
  'nextToken',
  'order',
  'prefix',
  'canary',
  'record',
  'type',
  'alarm',
  'namespace',
  'metricName',
  'dimensions',
  'statistic',
  'statistics',
  'period',
  'start',
  'end',
  'width',
  'trainingDays',
  'seasonality',
  'x',
  '__proto__',
  'constructor',
];
const NAMES = [
  'www-down',
  'cart-errors',
  'shop-down',
  'ghost',
  '',
  '%2F..%2F',
  '..',
  '%00',
  'a'.repeat(2000),
  '%E0%A4%A',
  'é%20ü',
  '%ZZ',
];
const GROUPS = ['%2Fapp%2Fweb', '%2Fapp%2Fweb', '%2Fghost', 'bad%20name', '%E0%A4%A', 'x'.repeat(600)];
const RUN_IDS = ['r1', 'ghost', '..', '%2e%2e%2f', 'r1%00', 'x'.repeat(3000), '%'];
const FILES = [
  'screenshot.png',
  'page.har',
  '..%2F..%2Fcanary.config.ts',
  '.',
  '%2e%2e',
  'missing.png',
  'SCREENSHOT.PNG',
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-amz-json-1.0',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  'application/',
  ';;;',
];

function randomText(r: () => number, max: number): string {
  const alphabet = ['a', 'Z', '0', '-', '_', '.', ' ', '%', '"', '\\', '/', '{', '}', 'é', '\u0000', '😀', '\n'];
  return Array.from({ length: intBetween(r, 0, max) }, () => pick(r, alphabet)).join('');
}

function randomValue(r: () => number, depth = 0): unknown {
  const kind = intBetween(r, 0, depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 60, 1, 100]);
    case 3:
      return randomText(r, 20);
    case 4:
      return pick(r, ['OK', 'ALARM', 'INSUFFICIENT_DATA', '2h', '90m', 'Sum', 'p99', 'Count', '2030-01-01T00:00:00Z']);
    case 5:
      return new Date(Date.now() - intBetween(r, -3, 20) * 86_400_000).toISOString();
    case 6:
      return Array.from({ length: intBetween(r, 0, 4) }, () => randomValue(r, depth + 1));
    default: {
      const keys = [
        'namespace',
        'metricData',
        'metricName',
        'value',
        'values',
        'counts',
        'dimensions',
        'unit',
        'timestamp',
        'stateValue',
        'stateReason',
        'for',
        'reason',
        'Namespace',
        'MetricData',
        'MetricName',
        'Value',
        '__proto__',
        'x',
      ];
      return Object.fromEntries(
        Array.from({ length: intBetween(r, 0, 5) }, () => [pick(r, keys), randomValue(r, depth + 1)]),
      );
    }
  }
}

/** A body that fits the route's schema closely enough to get past the first checks, with random values. */
function shapedBody(r: () => number, route: string): unknown {
  if (route === '/api/metrics')
    return {
      namespace: pick(r, ['Fuzz', 'Shop', '', 'AWS/EC2', ':bad']),
      metricData: Array.from({ length: intBetween(r, 0, 4) }, () => ({
        metricName: pick(r, ['Latency', 'Errors', randomText(r, 8)]),
        ...(r() < 0.5 ? { dimensions: { Service: pick(r, ['cart', '', randomText(r, 6)]) } } : {}),
        ...(r() < 0.8 ? { value: randomValue(r, 4) } : { values: [1, 2], counts: [1, randomValue(r, 4)] }),
        ...(r() < 0.3 ? { unit: pick(r, ['Milliseconds', 'Count', 'parsecs']) } : {}),
        ...(r() < 0.3 ? { timestamp: randomValue(r, 4) } : {}),
      })),
    };
  if (route === '/api/logs/groups')
    return {
      logGroupName: pick(r, ['/fuzz/a', '', 'bad name', '/app/web', randomText(r, 8)]),
      retentionInDays: pick(r, [1, 2, 7, null, 'x']),
    };
  if (route === '/api/logs/test-pattern')
    return {
      filterPattern: pick(r, ['ERROR', '{ $.status = 500 }', '[a, b = 5*]', '%err%', '{ $.a = ', randomText(r, 12)]),
      logEventMessages: Array.from({ length: intBetween(r, 0, 3) }, () =>
        pick(r, ['ERROR x', '{"status":500}', randomText(r, 10)]),
      ),
    };
  if (route.startsWith('/api/logs/'))
    return {
      events: Array.from({ length: intBetween(r, 0, 4) }, (_, i) => ({
        timestamp: pick(r, [Date.now() + i, Date.now() - 20 * 86_400_000, Date.now() + 86_400_000, -1, 1.5, 'now']),
        message: pick(r, ['ERROR boom', '{"status":503,"latency":12,"path":"/x"}', '', randomText(r, 12), 5]),
      })),
    };
  if (route.endsWith('/state'))
    return {
      stateValue: pick(r, ['OK', 'ALARM', 'INSUFFICIENT_DATA', 'BROKEN']),
      stateReason: pick(r, ['fuzz', '', 'x'.repeat(1100)]),
    };
  // Valid durations are long: a short mute would expire while later requests are checked for side effects.
  return {
    for: pick(r, ['2h', '1d', '0s', '-1h', 'soon', '99999999999999999w', '1e3h', '0.0001ms', '366d']),
    reason: randomValue(r, 3),
  };
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function body(r: () => number, route: string): { body?: string | Buffer; headers: Record<string, string> } {
  const type = r() < 0.7 ? 'application/json' : pick(r, CONTENT_TYPES);
  const headers: Record<string, string> = { 'content-type': type };
  const k = intBetween(r, 0, 9);
  let text: string | undefined;
  if (k <= 3) text = JSON.stringify(shapedBody(r, route));
  else if (k === 4) text = JSON.stringify(randomValue(r));
  else if (k === 5)
    text = pick(r, ['{oops', '{"namespace":', '[', 'nul', '"', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}']);
  else if (k === 6)
    text = `{"namespace":"Fuzz","metricData":[${Array.from({ length: 30_000 }, (_, i) => `{"metricName":"m${i}","value":1}`).join(',')}]}`;
  else if (k === 7) text = nested(pick(r, [50, 5_000, 60_000]), r() < 0.5 ? 'array' : 'object');
  else if (k === 8) text = '';
  if (text === undefined) return { headers: {} };
  if (r() < 0.1) {
    headers['content-encoding'] = pick(r, ['gzip', 'deflate', 'br', 'bogus', 'identity']);
    return { body: headers['content-encoding'] === 'gzip' && r() < 0.7 ? gzipSync(text) : text, headers };
  }
  return { body: text, headers };
}

function fillPath(r: () => number, template: string): string {
  return template
    .replace(':id', () => pick(r, RUN_IDS))
    .replace(':file', () => pick(r, FILES))
    .replace(':name', () => pick(r, NAMES))
    .replace(':group', () => pick(r, GROUPS))
    .replace(':stream', () => pick(r, ['web-1', 'a:b', '*', '%2F', 'x'.repeat(600), '%00']));
}

function query(r: () => number): string {
  const n = intBetween(r, 0, 5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = pick(r, QUERY_KEYS);
    const value = pick(r, [
      String(intBetween(r, -5, 200_000)),
      'abc',
      '',
      '-PT1H',
      '-P90D',
      '2030-01-01T00:00:00Z',
      String(Date.now()),
      'Service:cart',
      '{"Service":"cart"}',
      '{bad',
      'Sum,p99,tm90,IQM,TM(10%:90%)',
      'p1000',
      'bad%20name',
      'www.demo.test',
      'www-down',
      'www-home',
      'Shop',
      'Latency',
      'ALARM',
      'Action',
      '%E0%A4%A',
      'x'.repeat(5000),
      '1e400',
      'NaN',
      '0x10',
    ]);
    parts.push(`${encodeURIComponent(key)}=${value.includes('%') ? value : encodeURIComponent(value)}`);
    if (r() < 0.1) parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  if (r() < 0.05) parts.push('a[b][c]=1', '&&&', '=x');
  return parts.length ? `?${parts.join('&')}` : '';
}

function extraHeaders(r: () => number): Record<string, string> {
  const h: Record<string, string> = {};
  if (r() < 0.2) h.authorization = pick(r, ['Bearer x', 'Basic Zm9vOmJhcg==', 'Bearer ', '']);
  if (r() < 0.2) h.accept = pick(r, ['text/html', '*/*', 'application/xml', 'image/png', ';;']);
  if (r() < 0.1) h['x-forwarded-for'] = '127.0.0.9';
  if (r() < 0.05) h['x-big'] = 'b'.repeat(pick(r, [4_000, 20_000]));
  if (r() < 0.05) h.range = pick(r, ['bytes=0-3', 'bytes=99999999-', 'bytes=abc']);
  if (r() < 0.05) h['if-none-match'] = '*';
  return h;
}

describe('fuzzing every route: no 5xx, no crash, no hang, and rejected requests change nothing', () => {
  const prefix = testPrefix('fuzz');
  let api: ApiFixture;
  let routes: RouteEntry[];

  beforeAll(async () => {
    api = await startApiFixture({ redisUrl: TEST_REDIS_URL, prefix });
    routes = listRoutes(api.app);
    const dir = path.join(api.project.dataDir, 'runs', 'www-home', 'r1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'screenshot.png'), PNG.sync.write(new PNG({ width: 2, height: 2 })));
    await writeFile(path.join(dir, 'page.har'), '{"log":{}}');
    const at = new Date().toISOString();
    await api.runs.save({
      id: 'r1',
      canary: 'www-home',
      blueprint: 'api',
      startedAt: at,
      endedAt: at,
      durationMs: 5,
      worker: 't:1',
      attempt: 1,
      status: 'PASSED',
      reason: 'ok',
      details: {},
      steps: [{ name: 'home', status: 'PASSED', startedAt: at, endedAt: at, durationMs: 5 }],
      artifacts: [
        { kind: 'screenshot', path: 'runs/www-home/r1/screenshot.png', contentType: 'image/png' },
        { kind: 'har', path: 'runs/www-home/r1/page.har', contentType: 'application/json' },
      ],
    });
  });
  afterAll(async () => {
    await api?.close();
    await deletePrefix(prefix);
  });

  /** Every key under the test's prefix with a digest of its value. */
  const snapshot = async (): Promise<Map<string, string>> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await api.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const dumps = keys.length ? await api.redis.pipeline(keys.map((k) => ['dumpBuffer', k])).exec() : [];
    return new Map(
      keys.map((k, i) => [
        k,
        createHash('sha1')
          .update((dumps?.[i]?.[1] as Buffer | null) ?? 'gone')
          .digest('hex'),
      ]),
    );
  };

  it('finds the routes from the router, and the README documents each of them', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const key = (r: RouteEntry) => `${r.method} ${r.path}`;
    expect(new Set(routes.map(key))).toEqual(new Set(documentedRoutes(readme).map(key)));
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it(`survives ${REQUESTS} random requests (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const r = seededRandom(SEED);
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    for (let i = 0; i < REQUESTS && failures.length < 20; i++) {
      const route = pick(r, routes);
      const method = r() < 0.75 ? route.method : pick(r, METHODS);
      const p =
        r() < 0.05
          ? pick(r, ['/', '//api//alarms', '/API/CANARIES', '/api/alarms/www-down/', '/api/%', '/metrics/'])
          : fillPath(r, route.path);
      const b = method === 'GET' && r() < 0.8 ? { headers: {} } : body(r, route.path);
      const req: RawRequest = {
        method,
        path: `${p}${query(r)}`,
        headers: { ...extraHeaders(r), ...b.headers },
        ...(b.body === undefined ? {} : { body: b.body }),
        abortAfterMs: ABORT_AFTER_MS,
      };
      const what = `#${i} ${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(req.headers).slice(0, 200)} body ${String(b.body ?? '').slice(0, 120)}`;
      const before = await snapshot();
      let status: number;
      try {
        const res = await rawRequest(api.url, req);
        status = res.status;
        if (status >= 400 && status < 500 && method !== 'HEAD' && res.body.length > 0) {
          let message: unknown;
          try {
            message = (JSON.parse(res.body.toString()) as { message?: unknown }).message;
          } catch {
            message = undefined;
          }
          if (typeof message !== 'string' || message === '')
            failures.push(`${what} → ${status} without a { message }: ${res.body.toString().slice(0, 200)}`);
        }
      } catch (err) {
        failures.push(`${what} → no answer: ${(err as Error).message}`);
        continue;
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`${what} → ${status}`);
      if (status >= 400 && status < 500) {
        const after = await snapshot();
        const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
        if (changed.length > 0) failures.push(`${what} → ${status} but changed ${changed.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    // The fuzz reached past the validation of most routes, not only 4xx.
    expect(byStatus.get(200) ?? 0).toBeGreaterThan(REQUESTS / 10);
    expect((await rawRequest(api.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});
