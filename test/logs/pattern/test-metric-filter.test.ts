/**
 * testMetricFilter. The request/response shape and the sample come from "TestMetricFilter" (Amazon CloudWatch Logs
 * API Reference, example "To test a metric filter pattern on Apache access.log events").
 */
import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from '../../../logs/pattern/pattern-syntax-error.ts';
import { testMetricFilter } from '../../../logs/pattern/test-metric-filter.ts';

const SAMPLE = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
];

function sampleValues(timestamp: string, status: string, size: string): Record<string, string> {
  return {
    $status_code: status,
    $identity: '-',
    $request: 'GET /apache_pb.gif HTTP/1.0',
    $size: size,
    $user_id: 'frank',
    $ip: '127.0.0.1',
    $timestamp: timestamp,
  };
}

describe('testMetricFilter', () => {
  it('reproduces the API Reference sample (numbered from 1; "$size" without the sample\'s stray comma)', () => {
    // The sample response numbers the events 0, 1, 2 and shows "$size": "1534," and "5324,"; canarykit numbers from 1
    // and extracts the field as it is in the message.
    expect(testMetricFilter('[ip, identity, user_id, timestamp, request, status_code, size]', SAMPLE)).toEqual({
      matches: [
        {
          eventNumber: 1,
          eventMessage: SAMPLE[0],
          extractedValues: sampleValues('10/Oct/2000:13:25:15 -0700', '200', '1534'),
        },
        {
          eventNumber: 2,
          eventMessage: SAMPLE[1],
          extractedValues: sampleValues('10/Oct/2000:13:35:22 -0700', '500', '5324'),
        },
        {
          eventNumber: 3,
          eventMessage: SAMPLE[2],
          extractedValues: sampleValues('10/Oct/2000:13:50:35 -0700', '200', '4355'),
        },
      ],
    });
  });

  it('lists only matching events, keeping each event its position in the request', () => {
    const result = testMetricFilter('[..., status_code = 500, size]', SAMPLE);
    expect(result.matches.map((m) => m.eventNumber)).toEqual([2]);
    expect(result.matches[0]?.extractedValues).toEqual({
      $1: '127.0.0.1',
      $2: '-',
      $3: 'frank',
      $4: '10/Oct/2000:13:35:22 -0700',
      $5: 'GET /apache_pb.gif HTTP/1.0',
      $status_code: '500',
      $size: '5324',
    });
  });

  it.each([
    ['ERROR', ['INFO ok', 'ERROR boom', 'ERROR again'], [2, 3], [{}, {}]],
    ['', ['a', 'b'], [1, 2], [{}, {}]],
    ['%^ERR%', ['ERR x', 'x ERR'], [1], [{}]],
    [
      '{ $.status >= 500 }',
      ['{"status": 200}', '{"status": 503, "path": "/x"}', 'not json'],
      [2],
      [{ '$.status': '503' }],
    ],
  ])('%j over %j matches events %j', (pattern, messages, numbers, values) => {
    const { matches } = testMetricFilter(pattern, messages);
    expect(matches.map((m) => m.eventNumber)).toEqual(numbers);
    expect(matches.map((m) => m.eventMessage)).toEqual(numbers.map((n) => messages[n - 1]));
    expect(matches.map((m) => m.extractedValues)).toEqual(values);
  });

  it('enforces the request limits: 1 to 50 messages of at least 1 character, a valid pattern', () => {
    expect(() => testMetricFilter('ERROR', [])).toThrow(RangeError);
    expect(() =>
      testMetricFilter(
        'ERROR',
        Array.from({ length: 51 }, () => 'x'),
      ),
    ).toThrow('logEventMessages must have from 1 to 50 messages, got 51');
    expect(
      testMetricFilter(
        'x',
        Array.from({ length: 50 }, () => 'x'),
      ).matches,
    ).toHaveLength(50);
    expect(() => testMetricFilter('ERROR', ['ok', ''])).toThrow(
      'logEventMessages[1] must be a string of at least 1 character',
    );
    expect(() => testMetricFilter('{ $.status }', ['{}'])).toThrow(PatternSyntaxError);
    expect(() => testMetricFilter('x'.repeat(1025), ['x'])).toThrow(PatternSyntaxError);
  });

  it('returns extracted values the caller may modify without affecting later calls', () => {
    const first = testMetricFilter('ERROR', ['ERROR']).matches[0];
    (first?.extractedValues as Record<string, string>)['$x'] = 'y';
    expect(testMetricFilter('ERROR', ['ERROR']).matches[0]?.extractedValues).toEqual({});
  });
});
