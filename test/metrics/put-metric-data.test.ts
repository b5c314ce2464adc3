import { describe, expect, it } from 'vitest';
import { MetricDataError, parsePutMetricData } from '../../metrics/put-metric-data.ts';

const NOW = Date.parse('2026-11-27T10:30:00Z');
const parse = (body: unknown, opts: { sizeBytes?: number } = {}) => parsePutMetricData(body, { now: NOW, ...opts });

/** The issues of a rejected body, as `path: message` strings. */
function issues(body: unknown, opts: { sizeBytes?: number } = {}): string[] {
  try {
    parse(body, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(MetricDataError);
    return (err as MetricDataError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the body to be rejected');
}

const ours = (datum: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  namespace: 'Shop',
  metricData: [{ metricName: 'Errors', value: 1, ...datum }],
  ...extra,
});
const cw = (datum: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Namespace: 'Shop',
  MetricData: [{ MetricName: 'Errors', Value: 1, ...datum }],
  ...extra,
});

describe('parsePutMetricData: accepted shapes', () => {
  it('reads our JSON (the README example)', () => {
    const r = parse({
      namespace: 'Shop',
      metricData: [
        {
          metricName: 'Errors',
          dimensions: { Service: 'cart' },
          timestamp: '2026-11-27T10:00:00Z',
          value: 7,
          unit: 'Count',
        },
      ],
    });
    expect(r).toEqual({
      format: 'canarykit',
      namespace: 'Shop',
      data: [
        {
          namespace: 'Shop',
          metricName: 'Errors',
          dimensions: { Service: 'cart' },
          timestamp: Date.parse('2026-11-27T10:00:00Z'),
          value: 7,
          unit: 'Count',
          storageResolution: 60,
        },
      ],
    });
  });

  it("reads CloudWatch's PutMetricData JSON with every kind of value", () => {
    const r = parse({
      Namespace: 'Shop',
      MetricData: [
        {
          MetricName: 'Latency',
          Dimensions: [
            { Name: 'Service', Value: 'cart' },
            { Name: 'Env', Value: 'prod' },
          ],
          Timestamp: NOW / 1000 - 60,
          Value: 12.5,
          Unit: 'Milliseconds',
          StorageResolution: 1,
        },
        { MetricName: 'Latency', Values: [10, 20, 30], Counts: [1, 5, 2.5], Timestamp: '2026-11-27T10:29:00Z' },
        { MetricName: 'Latency', Values: [4, 5] },
        { MetricName: 'Latency', StatisticValues: { SampleCount: 4, Sum: 40, Minimum: 5, Maximum: 15 } },
      ],
    });
    expect(r.format).toBe('cloudwatch');
    expect(r.data[0]).toEqual({
      namespace: 'Shop',
      metricName: 'Latency',
      dimensions: { Service: 'cart', Env: 'prod' },
      timestamp: NOW - 60_000,
      value: 12.5,
      unit: 'Milliseconds',
      storageResolution: 1,
    });
    expect(r.data[1]).toMatchObject({
      values: [10, 20, 30],
      counts: [1, 5, 2.5],
      timestamp: NOW - 60_000,
      unit: 'None',
      storageResolution: 60,
    });
    expect(r.data[2]).toMatchObject({ values: [4, 5], counts: [1, 1], timestamp: NOW });
    expect(r.data[3]).toMatchObject({ statisticValues: { sampleCount: 4, sum: 40, minimum: 5, maximum: 15 } });
  });

  it('applies defaults: timestamp now, unit None, storage resolution 60, no dimensions', () => {
    expect(parse(ours({})).data[0]).toEqual({
      namespace: 'Shop',
      metricName: 'Errors',
      dimensions: {},
      timestamp: NOW,
      value: 1,
      unit: 'None',
      storageResolution: 60,
    });
  });

  it('accepts our dimensions as an array of {name, value} too', () => {
    expect(
      parse(
        ours({
          dimensions: [
            { name: 'A', value: 'x' },
            { name: 'B', value: 'y' },
          ],
        }),
      ).data[0]?.dimensions,
    ).toEqual({ A: 'x', B: 'y' });
  });

  it('reads timestamps as ISO strings (Z or offset, or a bare date), epoch seconds, epoch ms or Dates', () => {
    const at = (timestamp: unknown) => parse(ours({ timestamp })).data[0]?.timestamp;
    expect(at('2026-11-27T11:00:00+01:00')).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(at('2026-11-27')).toBe(Date.parse('2026-11-27T00:00:00Z'));
    expect(at(NOW / 1000 - 1.5)).toBe(NOW - 1500);
    expect(at(NOW - 2000)).toBe(NOW - 2000);
    expect(at(new Date(NOW - 3000))).toBe(NOW - 3000);
  });

  it('accepts the edges: 30 dimensions, 150 values, 1000 datapoints, 2^360, 0, exactly 2 weeks old and 2 hours ahead', () => {
    const dims = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i}`, 'v']));
    expect(parse(ours({ dimensions: dims })).data[0]?.dimensions).toEqual(dims);
    expect(parse(ours({ value: undefined, values: Array.from({ length: 150 }, (_, i) => i) })).data).toHaveLength(1);
    expect(
      parse({ namespace: 'N', metricData: Array.from({ length: 1000 }, () => ({ metricName: 'm', value: 1 })) }).data,
    ).toHaveLength(1000);
    expect(parse(ours({ value: 2 ** 360 })).data).toHaveLength(1);
    expect(parse(ours({ value: -(2 ** 360) })).data).toHaveLength(1);
    expect(parse(ours({ value: 0 })).data).toHaveLength(1);
    expect(parse(ours({ value: 2 ** -360 })).data).toHaveLength(1);
    expect(parse(ours({ timestamp: new Date(NOW - 14 * 86_400_000) })).data).toHaveLength(1);
    expect(parse(ours({ timestamp: new Date(NOW + 2 * 3_600_000) })).data).toHaveLength(1);
    expect(
      parse(
        ours(
          { metricName: 'x'.repeat(255), dimensions: { ['k'.repeat(255)]: 'v'.repeat(1024) } },
          { namespace: 'n'.repeat(255) },
        ),
      ).data,
    ).toHaveLength(1);
  });

  it('keeps a dimension named __proto__ as a plain dimension', () => {
    const body = JSON.parse(
      '{"namespace":"N","metricData":[{"metricName":"m","value":1,"dimensions":{"__proto__":"x"}}]}',
    ) as unknown;
    const dims = parse(body).data[0]?.dimensions ?? {};
    expect(Object.keys(dims)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(dims)).toBe(Object.prototype);
  });
});

describe('parsePutMetricData: every rule names the datapoint and the reason', () => {
  it('rejects a body that is not an object', () => {
    for (const body of [null, [], 'x', 3, undefined])
      expect(issues(body)[0]).toMatch(/^: the body must be a JSON object/);
  });

  it('namespace: required, 1-255 printable ASCII, not only spaces, not ":…", not "AWS/…"', () => {
    expect(issues({ metricData: [{ metricName: 'm', value: 1 }] })).toEqual(['namespace: is required']);
    expect(issues(ours({}, { namespace: '' }))).toEqual(['namespace: must be 1-255 characters long, got 0']);
    expect(issues(ours({}, { namespace: 'n'.repeat(256) }))).toEqual([
      'namespace: must be 1-255 characters long, got 256',
    ]);
    expect(issues(ours({}, { namespace: 'Café' }))[0]).toMatch(
      /^namespace: must contain only printable ASCII characters; found U\+00E9 at position 3/,
    );
    expect(issues(ours({}, { namespace: 'a\tb' }))[0]).toMatch(/found U\+0009/);
    expect(issues(ours({}, { namespace: '   ' }))).toEqual([
      'namespace: must contain at least one non-whitespace character',
    ]);
    expect(issues(ours({}, { namespace: ':x' }))).toEqual(['namespace: must not start with ":"']);
    expect(issues(ours({}, { namespace: 'AWS/EC2' }))).toEqual([
      'namespace: must not start with "AWS/" (reserved for AWS services)',
    ]);
    expect(issues(cw({}, { Namespace: 7 }))).toEqual(['Namespace: must be a string, got 7']);
  });

  it('metric name: required, 1-255 printable ASCII', () => {
    expect(issues({ namespace: 'N', metricData: [{ value: 1 }] })).toEqual(['metricData[0].metricName: is required']);
    expect(issues(ours({ metricName: 'm'.repeat(256) }))).toEqual([
      'metricData[0].metricName: must be 1-255 characters long, got 256',
    ]);
    expect(issues(cw({ MetricName: 'a\u0000' }))[0]).toMatch(
      /^MetricData\[0\]\.MetricName: must contain only printable ASCII/,
    );
  });

  it('dimensions: at most 30, names 1-255 not ":…", values 1-1024, no duplicates, right shape', () => {
    const dims31 = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v']));
    expect(issues(ours({ dimensions: dims31 }))).toEqual([
      'metricData[0].dimensions: at most 30 dimensions are allowed, got 31',
    ]);
    const body = {
      namespace: 'N',
      metricData: [0, 1, 2, 3].map((i) => ({
        metricName: 'm',
        value: 1,
        dimensions: [
          { name: 'A', value: 'ok' },
          { name: 'B', value: i === 3 ? 'v'.repeat(1025) : 'ok' },
        ],
      })),
    };
    expect(issues(body)).toEqual(['metricData[3].dimensions[1].value: must be 1-1024 characters long, got 1025']);
    expect(issues(cw({ Dimensions: [{ Name: ':x', Value: 'v' }] }))).toEqual([
      'MetricData[0].Dimensions[0].Name: must not start with ":"',
    ]);
    expect(issues(cw({ Dimensions: [{ Name: 'n'.repeat(256), Value: 'v' }] }))).toEqual([
      'MetricData[0].Dimensions[0].Name: must be 1-255 characters long, got 256',
    ]);
    expect(issues(cw({ Dimensions: [{ Name: 'A', Value: '' }] }))).toEqual([
      'MetricData[0].Dimensions[0].Value: must be 1-1024 characters long, got 0',
    ]);
    expect(issues(cw({ Dimensions: [{ Name: 'A', Value: ' ' }] }))).toEqual([
      'MetricData[0].Dimensions[0].Value: must contain at least one non-whitespace character',
    ]);
    expect(issues(cw({ Dimensions: [{ Name: 'A' }] }))).toEqual(['MetricData[0].Dimensions[0].Value: is required']);
    expect(
      issues(
        cw({
          Dimensions: [
            { Name: 'A', Value: '1' },
            { Name: 'A', Value: '2' },
          ],
        }),
      ),
    ).toEqual([
      'MetricData[0].Dimensions[1].Name: duplicate dimension name "A" (first at MetricData[0].Dimensions[0].Name)',
    ]);
    expect(issues(cw({ Dimensions: { A: 'x' } }))).toEqual([
      'MetricData[0].Dimensions: must be an array of {"Name", "Value"}, got {"A":"x"}',
    ]);
    expect(issues(cw({ Dimensions: ['A'] }))[0]).toMatch(/^MetricData\[0\]\.Dimensions\[0\]: must be an object/);
    expect(issues(ours({ dimensions: { ':a': 'x' } }))).toEqual([
      'metricData[0].dimensions[":a"]: the dimension name must not start with ":"',
    ]);
    expect(issues(ours({ dimensions: { A: 3 } }))).toEqual(['metricData[0].dimensions.A: must be a string, got 3']);
    expect(issues(ours({ dimensions: 'A=x' }))[0]).toMatch(/^metricData\[0\]\.dimensions: must be an object like/);
  });

  it('timestamp: ISO with a zone or epoch, within 2 weeks past and 2 hours ahead', () => {
    expect(issues(ours({ timestamp: NOW - 14 * 86_400_000 - 1 }))).toEqual([
      `metricData[0].timestamp: ${new Date(NOW - 14 * 86_400_000 - 1).toISOString()} is more than 2 weeks in the past`,
    ]);
    expect(issues(ours({ timestamp: NOW + 2 * 3_600_000 + 1 }))).toEqual([
      `metricData[0].timestamp: ${new Date(NOW + 2 * 3_600_000 + 1).toISOString()} is more than 2 hours in the future`,
    ]);
    expect(issues(ours({ timestamp: '2026-11-27T10:00:00' }))[0]).toMatch(/add "Z" or an offset/);
    expect(issues(ours({ timestamp: 'yesterday' }))[0]).toMatch(
      /^metricData\[0\]\.timestamp: must be an ISO 8601 time/,
    );
    expect(issues(ours({ timestamp: '2026-13-45' }))[0]).toMatch(/is not a valid date/);
    expect(issues(cw({ Timestamp: -5 }))[0]).toMatch(/^MetricData\[0\]\.Timestamp: must be a non-negative epoch time/);
    expect(issues(cw({ Timestamp: null }))[0]).toMatch(
      /^MetricData\[0\]\.Timestamp: must be an ISO 8601 time string or epoch seconds, got null/,
    );
  });

  it('value: a finite JSON number within ±2^360, not a tiny non-zero', () => {
    expect(issues(ours({ value: '7' }))).toEqual(['metricData[0].value: must be a number, got "7"']);
    expect(issues(ours({ value: NaN }))).toEqual(['metricData[0].value: must not be NaN']);
    expect(issues(ours({ value: Infinity }))).toEqual(['metricData[0].value: must be finite, got Infinity']);
    expect(issues(ours({ value: -Infinity }))).toEqual(['metricData[0].value: must be finite, got -Infinity']);
    expect(issues(ours({ value: 2 ** 361 }))[0]).toMatch(/^metricData\[0\]\.value: is too large/);
    expect(issues(ours({ value: -1e-200 }))[0]).toMatch(/^metricData\[0\]\.value: is too small/);
    expect(issues(JSON.parse('{"namespace":"N","metricData":[{"metricName":"m","value":1e400}]}'))).toEqual([
      'metricData[0].value: must be finite, got Infinity',
    ]);
  });

  it('exactly one of value, values (+ counts) or statisticValues', () => {
    expect(issues({ namespace: 'N', metricData: [{ metricName: 'm' }] })[0]).toMatch(/^metricData\[0\]: needs a value/);
    expect(issues(ours({ values: [1] }))).toEqual([
      'metricData[0]: give exactly one of "value", "values" or "statisticValues", got "value" and "values"',
    ]);
    expect(issues(cw({ StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }))[0]).toMatch(
      /got "Value" and "StatisticValues"/,
    );
    expect(issues(ours({ counts: [1] }))).toEqual(['metricData[0].counts: is only allowed together with "values"']);
  });

  it('values and counts: 1-150 values, counts of the same length, counts ≥ 0', () => {
    expect(issues(cw({ Value: undefined, Values: Array.from({ length: 151 }, () => 1) }))).toEqual([
      'MetricData[0].Values: must hold 1-150 values, got 151',
    ]);
    expect(issues(cw({ Value: undefined, Values: [] }))).toEqual([
      'MetricData[0].Values: must hold 1-150 values, got 0',
    ]);
    expect(issues(cw({ Value: undefined, Values: [1, 'x', 3] }))).toEqual([
      'MetricData[0].Values[1]: must be a number, got "x"',
    ]);
    expect(issues(cw({ Value: undefined, Values: [1, 2], Counts: [1] }))).toEqual([
      'MetricData[0].Counts: must have as many entries as "Values" (2), got 1',
    ]);
    expect(issues(cw({ Value: undefined, Values: [1, 2], Counts: [1, -1] }))).toEqual([
      'MetricData[0].Counts[1]: must not be negative, got -1',
    ]);
    expect(issues(cw({ Value: undefined, Values: 5 }))).toEqual([
      'MetricData[0].Values: must be an array of numbers, got 5',
    ]);
  });

  it('statistic sets: all four numbers, SampleCount > 0, Minimum ≤ Maximum, a possible Sum', () => {
    const set = (s: Record<string, unknown>) => cw({ Value: undefined, StatisticValues: s });
    expect(issues(set({ SampleCount: 2, Sum: 3, Minimum: 1 }))).toEqual([
      'MetricData[0].StatisticValues.Maximum: is required',
    ]);
    expect(issues(set({ SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0 }))).toEqual([
      'MetricData[0].StatisticValues.SampleCount: must be greater than 0, got 0',
    ]);
    expect(issues(set({ SampleCount: 2, Sum: 3, Minimum: 2, Maximum: 1 }))).toEqual([
      'MetricData[0].StatisticValues: "Minimum" (2) must not exceed "Maximum" (1)',
    ]);
    expect(issues(set({ SampleCount: 2, Sum: 30, Minimum: 1, Maximum: 2 }))).toEqual([
      'MetricData[0].StatisticValues.Sum: 30 is impossible for 2 samples between 1 and 2',
    ]);
    expect(issues(set({ SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2, Avg: 1.5 }))[0]).toMatch(
      /^MetricData\[0\]\.StatisticValues\.Avg: unknown field/,
    );
    expect(issues(set([1, 2] as unknown as Record<string, unknown>))[0]).toMatch(
      /^MetricData\[0\]\.StatisticValues: must be an object/,
    );
  });

  it("unit: one of CloudWatch's units; storage resolution: 1 or 60", () => {
    expect(issues(ours({ unit: 'count' }))).toEqual([
      'metricData[0].unit: must be a CloudWatch unit (did you mean "Count"?), got "count"',
    ]);
    expect(issues(ours({ unit: 'ms' }))[0]).toMatch(
      /^metricData\[0\]\.unit: must be a CloudWatch unit \(Seconds, Microseconds,/,
    );
    expect(issues(cw({ StorageResolution: 30 }))).toEqual([
      'MetricData[0].StorageResolution: must be 1 (high resolution) or 60 (standard), got 30',
    ]);
  });

  it('request: 1-1000 datapoints, at most 1 MB, no unknown fields', () => {
    expect(issues({ namespace: 'N', metricData: [] })).toEqual(['metricData: must hold 1-1000 datapoints, got 0']);
    expect(
      issues({ namespace: 'N', metricData: Array.from({ length: 1001 }, () => ({ metricName: 'm', value: 1 })) }),
    ).toEqual(['metricData: must hold 1-1000 datapoints, got 1001']);
    expect(issues({ namespace: 'N' })).toEqual(['metricData: is required (an array of 1-1000 datapoints)']);
    expect(issues({ namespace: 'N', metricData: {} })).toEqual(['metricData: must be an array of datapoints, got {}']);
    expect(issues(ours({}), { sizeBytes: 1_048_577 })).toEqual([
      ': the request is 1048577 bytes; the limit is 1 MB (1048576 bytes)',
    ]);
    const big = {
      namespace: 'N',
      metricData: Array.from({ length: 1000 }, () => ({
        metricName: 'm'.repeat(255),
        value: 1,
        dimensions: { a: 'v'.repeat(900) },
      })),
    };
    expect(issues(big)[0]).toMatch(/^: the request is \d+ bytes; the limit is 1 MB/);
    expect(issues(ours({ metricname: 'x' }))).toEqual([
      'metricData[0].metricname: unknown field (did you mean "metricName"?)',
    ]);
    expect(issues(ours({}, { Namespace: 'X' }))).toEqual([
      'namespace: unknown field (did you mean "Namespace"?)',
      'metricData: unknown field (did you mean "MetricData"?)',
      'MetricData: is required (an array of 1-1000 datapoints)',
    ]);
    expect(issues(cw({ metricName: 'x' }))).toEqual([
      'MetricData[0].metricName: unknown field (did you mean "MetricName"?)',
    ]);
    expect(issues(ours({}, { extra: 1 }))[0]).toMatch(/^extra: unknown field; expected "namespace", "metricData"/);
  });

  it('lists every problem of the batch (up to 100), and the message names the first ones', () => {
    const body = {
      namespace: 'N',
      metricData: Array.from({ length: 300 }, (_, i) => ({ metricName: 'm', value: i % 2 ? 'bad' : 1 })),
    };
    try {
      parse(body);
      throw new Error('not rejected');
    } catch (err) {
      const e = err as MetricDataError;
      expect(e.issues).toHaveLength(100);
      expect(e.total).toBe(100);
      expect(e.issues[0]).toEqual({ path: 'metricData[1].value', message: 'must be a number, got "bad"' });
      expect(e.message).toMatch(
        /^invalid PutMetricData request \(nothing was stored\): metricData\[1\]\.value: must be a number, got "bad"; metricData\[3\]\.value: .*\(\+97 more problems\)$/,
      );
    }
  });
});
