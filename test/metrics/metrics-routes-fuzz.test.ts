import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsApi } from './http-support.ts';
import { rng } from './reference.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const BODIES = Number(process.env.FUZZ_BODIES ?? 3000);
const QUERIES = Number(process.env.FUZZ_QUERIES ?? 600);

/** Random JSON-ish values, biased towards the things validators trip on. */
function generator(r: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const numbers = [
    0,
    -0,
    1,
    -1,
    7.5,
    1e308,
    -1e308,
    2 ** 360,
    2 ** 361,
    2 ** -360,
    1e-320,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    1.8e9,
    1.8e12,
    1e21,
    0.1,
  ];
  const strings = [
    '',
    ' ',
    'Shop',
    'AWS/EC2',
    ':x',
    'Count',
    'None',
    'count',
    '2026-11-27T10:00:00Z',
    'x'.repeat(300),
    'é',
    '\u0000',
    '\n',
    '__proto__',
    'constructor',
    'toString',
    '[]',
    '{}',
    'NaN',
    '1e400',
    'TM(1%:2%)',
  ];
  const keys = [
    'namespace',
    'metricData',
    'Namespace',
    'MetricData',
    'metricName',
    'MetricName',
    'dimensions',
    'Dimensions',
    'name',
    'value',
    'Name',
    'Value',
    'timestamp',
    'Timestamp',
    'values',
    'Values',
    'counts',
    'Counts',
    'statisticValues',
    'StatisticValues',
    'SampleCount',
    'Sum',
    'Minimum',
    'Maximum',
    'sampleCount',
    'sum',
    'minimum',
    'maximum',
    'unit',
    'Unit',
    'storageResolution',
    'StorageResolution',
    '__proto__',
    'constructor',
    'x',
  ];
  const value = (depth: number): unknown => {
    const k = r();
    if (depth > 3 || k < 0.25) return pick(numbers) * (r() < 0.5 ? 1 : Math.round(r() * 100));
    if (k < 0.45) return pick(strings);
    if (k < 0.5) return pick([null, true, false]);
    if (k < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [pick(keys), value(depth + 1)]));
  };
  const now = Date.now();
  const validOurs = () => ({
    namespace: 'Fuzz',
    metricData: Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
      metricName: pick(['A', 'B']),
      dimensions: { Service: pick(['cart', 'pay']) },
      timestamp: new Date(now - Math.floor(r() * 3_600_000)).toISOString(),
      value: Math.round(r() * 1000),
      unit: 'Count',
    })),
  });
  const validCloudWatch = () => ({
    Namespace: 'Fuzz',
    MetricData: [
      {
        MetricName: 'C',
        Dimensions: [{ Name: 'Service', Value: 'cart' }],
        Timestamp: Math.floor(now / 1000) - 60,
        ...(r() < 0.5
          ? { Values: [1, 2, 3], Counts: [1, 2, 3] }
          : { StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 } }),
      },
    ],
  });
  /** Replaces, deletes or adds one field somewhere in `o`. */
  const mutate = (o: unknown, depth = 0): unknown => {
    if (typeof o !== 'object' || o === null || depth > 4) return value(2);
    if (Array.isArray(o)) {
      const a = [...o];
      const i = Math.floor(r() * (a.length + 1));
      if (r() < 0.7 && a.length > 0) a[Math.min(i, a.length - 1)] = mutate(a[Math.min(i, a.length - 1)], depth + 1);
      else if (r() < 0.5) a.splice(i, 1);
      else a.splice(i, 0, value(2));
      return a;
    }
    const obj = { ...(o as Record<string, unknown>) };
    const ks = Object.keys(obj);
    const k = r();
    if (k < 0.6 && ks.length > 0) {
      const key = pick(ks);
      obj[key] = r() < 0.6 ? mutate(obj[key], depth + 1) : value(1);
    } else if (k < 0.8 && ks.length > 0) delete obj[pick(ks)];
    else obj[pick(keys)] = value(1);
    return obj;
  };
  const body = (): string => {
    const k = r();
    if (k < 0.05)
      return pick([
        '',
        '{',
        '{"namespace":',
        'null',
        '[]',
        '"x"',
        '12',
        'nul',
        '{"a":1}}',
        '\u0000',
        '{"namespace":"x","metricData":[{"metricName":"m","value":1e999}]}',
      ]);
    if (k < 0.15) return JSON.stringify(value(0)) ?? 'null';
    const base = r() < 0.5 ? validOurs() : validCloudWatch();
    let b: unknown = base;
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) b = mutate(b);
    return JSON.stringify(b) ?? 'null';
  };
  const query = (): string => {
    const params = ['namespace', 'metricName', 'dimensions', 'start', 'end', 'period', 'statistics', 'x'];
    const vals = [
      'Fuzz',
      'A',
      'Service:cart',
      '{"Service":"cart"}',
      '[{"Name":"Service","Value":"cart"}]',
      '[1]',
      '{',
      'Service',
      ':',
      ',',
      'a:b,a:c',
      new Date(now - 3_600_000).toISOString(),
      new Date(now).toISOString(),
      String(Math.floor(now / 1000)),
      String(now),
      '-1',
      '1e400',
      '60',
      '1',
      '0',
      '7',
      'Average',
      'p99',
      'p99.9,tm90',
      'TM(10%:90%)',
      'TM(',
      'p',
      '',
      '%',
      '%E0%A4%A',
      'é',
      '__proto__',
    ];
    return Array.from(
      { length: Math.floor(r() * 9) },
      () => `${pick(params)}=${pick(vals) === '%E0%A4%A' ? '%E0%A4%A' : encodeURIComponent(pick(vals))}`,
    ).join('&');
  };
  return { body, query };
}

describe('metrics HTTP API under random input', () => {
  let api: Awaited<ReturnType<typeof startMetricsApi>>;
  beforeAll(async () => {
    api = await startMetricsApi('mfuzz');
  });
  afterAll(() => api.stop());

  it(`answers ${BODIES} random PutMetricData bodies with a 2xx or a clear 4xx, never a 5xx (seed ${SEED})`, async () => {
    const gen = generator(rng(SEED));
    const bodies = Array.from({ length: BODIES }, () => gen.body());
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const res = await fetch(`${api.url}/api/metrics`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const json = JSON.parse(text) as { message?: unknown; stored?: unknown };
        if (res.status >= 200 && res.status < 300) expect(typeof json.stored, body).toBe('number');
        else {
          expect(
            res.status >= 400 && res.status < 500,
            `${res.status} for ${body.slice(0, 300)}: ${text.slice(0, 300)}`,
          ).toBe(true);
          expect(typeof json.message === 'string' && json.message.length > 0, text).toBe(true);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(statuses.get(200) ?? 0).toBeGreaterThan(BODIES / 20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(BODIES / 4);
  }, 120_000);

  it(`answers ${QUERIES} random GetMetricStatistics queries with a 2xx or a clear 4xx`, async () => {
    const gen = generator(rng(SEED + 1));
    for (let i = 0; i < QUERIES; i++) {
      const q = gen.query();
      const res = await fetch(`${api.url}/api/metrics/${i % 5 === 0 ? 'list' : 'statistics'}?${q}`);
      const text = await res.text();
      expect(
        res.status < 300 || (res.status >= 400 && res.status < 500),
        `${res.status} for ${q}: ${text.slice(0, 300)}`,
      ).toBe(true);
      const json = JSON.parse(text) as { message?: unknown };
      if (res.status >= 400) expect(typeof json.message, text).toBe('string');
    }
  }, 60_000);
});
