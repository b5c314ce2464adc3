import { describe, expect, it } from 'vitest';
import { compileMetricFilter } from '../../../logs/pattern/compile-metric-filter.ts';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';
import { MetricTransformationError, resolveMetricValue } from '../../../logs/pattern/resolve-metric-value.ts';

const ACCESS = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

describe('resolveMetricValue', () => {
  const delimited = parseFilterPattern('[ip, user, username, timestamp, request, status_code, bytes]');
  const matched = delimited.match(ACCESS);

  it.each([
    ['1', {}, { ok: true, value: 1, dimensions: {} }],
    ['0.5', {}, { ok: true, value: 0.5, dimensions: {} }],
    ['-2e3', {}, { ok: true, value: -2000, dimensions: {} }],
    ['$bytes', {}, { ok: true, value: 1534, dimensions: {} }],
    [
      '$status_code',
      { Status: '$status_code', User: '$username' },
      { ok: true, value: 404, dimensions: { Status: '404', User: 'frank' } },
    ],
  ])('metricValue %j with dimensions %j', (metricValue, dimensions, expected) => {
    expect(resolveMetricValue(matched, metricValue, dimensions)).toEqual(expected);
  });

  it.each([
    ['$request', {}, 'valueNotNumeric'],
    ['$missing', {}, 'valueMissing'],
    ['$.bytes', {}, 'valueMissing'],
    ['1', { Host: '$host' }, 'dimensionMissing'],
  ])('metricValue %j with dimensions %j is skipped: %s', (metricValue, dimensions, reason) => {
    const result = resolveMetricValue(matched, metricValue, dimensions);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it('skips events that did not match', () => {
    expect(resolveMetricValue(delimited.match('too few fields'), '1')).toMatchObject({
      ok: false,
      reason: 'notMatched',
    });
  });

  it('skips dimension values CloudWatch would refuse (empty, over 1024 characters)', () => {
    const event = { matched: true, extractedValues: { $a: '', $b: 'x'.repeat(1025), $c: 'x'.repeat(1024) } };
    expect(resolveMetricValue(event, '1', { A: '$a' })).toMatchObject({ ok: false, reason: 'dimensionValueInvalid' });
    expect(resolveMetricValue(event, '1', { B: '$b' })).toMatchObject({ ok: false, reason: 'dimensionValueInvalid' });
    expect(resolveMetricValue(event, '1', { C: '$c' })).toMatchObject({ ok: true });
  });

  it('does not read inherited properties as field values', () => {
    expect(resolveMetricValue({ matched: true, extractedValues: {} }, '$constructor')).toMatchObject({
      reason: 'valueMissing',
    });
  });

  it.each([
    ['', {}],
    ['one', {}],
    ['$', {}],
    ['1', { A: '$a', B: '$b', C: '$c', D: '$d' }],
    ['1', { A: 'literal' }],
    ['1', { '': '$a' }],
  ])('rejects the transformation metricValue %j, dimensions %j', (metricValue, dimensions) => {
    expect(() => resolveMetricValue(matched, metricValue, dimensions)).toThrow(MetricTransformationError);
  });
});

describe('compileMetricFilter', () => {
  it('publishes a JSON field that the pattern does not test, parsing the message once', () => {
    const filter = compileMetricFilter({
      filterPattern: '{ $.path = "/checkout" }',
      metricValue: '$.latency',
      dimensions: { Path: '$.path', Region: '$.meta.region' },
    });
    expect(filter.evaluate('{"path": "/checkout", "latency": 120, "meta": {"region": "eu-west-1"}}')).toEqual({
      matched: true,
      extractedValues: { '$.path': '/checkout', '$.latency': '120', '$.meta.region': 'eu-west-1' },
      datapoint: { ok: true, value: 120, dimensions: { Path: '/checkout', Region: 'eu-west-1' } },
    });
    expect(filter.evaluate('{"path": "/checkout", "latency": "slow"}')).toMatchObject({
      matched: true,
      datapoint: { ok: false, reason: 'valueNotNumeric' },
    });
    expect(filter.evaluate('{"path": "/home", "latency": 1}')).toEqual({ matched: false });
    // The pattern object itself reports only the pattern's selectors, as TestMetricFilter does.
    expect(filter.pattern.match('{"path": "/checkout", "latency": 120}').extractedValues).toEqual({
      '$.path': '/checkout',
    });
  });

  it('publishes space-delimited fields by name or position', () => {
    const filter = compileMetricFilter({
      filterPattern: '[..., status_code = 4*, bytes]',
      metricValue: '$bytes',
      dimensions: { Status: '$status_code', Ip: '$1' },
    });
    expect(filter.evaluate(ACCESS)).toMatchObject({
      matched: true,
      datapoint: { ok: true, value: 1534, dimensions: { Status: '404', Ip: '127.0.0.1' } },
    });
  });

  it('counts term matches with a constant value', () => {
    const filter = compileMetricFilter({ filterPattern: 'ERROR -DEBUG', metricValue: '1' });
    expect(filter.evaluate('ERROR boom')).toEqual({
      matched: true,
      extractedValues: {},
      datapoint: { ok: true, value: 1, dimensions: {} },
    });
    expect(filter.evaluate('DEBUG ERROR')).toEqual({ matched: false });
  });

  it.each([
    [{ filterPattern: 'ERROR', metricValue: '$.latency' }, 'a terms pattern extracts no fields'],
    [{ filterPattern: '%x%', metricValue: '1', dimensions: { A: '$a' } }, 'a regex pattern extracts no fields'],
    [{ filterPattern: '{ $.a = 1 }', metricValue: '$a' }, 'is not a JSON selector'],
    [{ filterPattern: '{ $.a = 1 }', metricValue: '$.a[x]' }, 'is not a JSON selector'],
    [{ filterPattern: '[a, b]', metricValue: '$c' }, 'is not a field of the pattern'],
    [{ filterPattern: '[a, b]', metricValue: '$.a' }, 'is not a field of the pattern'],
    [{ filterPattern: '[a, b]', metricValue: '$0' }, 'is not a field of the pattern'],
  ])('rejects %j', (definition, message) => {
    expect(() => compileMetricFilter(definition)).toThrow(MetricTransformationError);
    expect(() => compileMetricFilter(definition)).toThrow(message);
  });

  it('rejects a bad pattern with PatternSyntaxError', () => {
    expect(() => compileMetricFilter({ filterPattern: '{ $.a }', metricValue: '1' })).toThrow(PatternSyntaxError);
  });
});
