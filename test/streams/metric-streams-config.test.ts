import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config-schema.ts';
import { zodDiagnostics } from '../../config/zod-issues.ts';
import { selects } from '../../streams/metric-filter.ts';

const problems = (metricStreams: unknown) => {
  const raw = { metricStreams };
  const r = configSchema.safeParse(raw);
  return r.success ? [] : zodDiagnostics('canary.config.ts', r.error, raw).map((d) => `${d.path}: ${d.message}`);
};
const hook = { type: 'webhook', url: 'http://127.0.0.1:9/x' };

describe('metricStreams in canary.config.ts', () => {
  it('accepts a stream and fills in the defaults', () => {
    const r = configSchema.parse({ metricStreams: [{ name: 'a', output: hook }] });
    expect(r.metricStreams[0]).toMatchObject({
      name: 'a',
      output: { type: 'webhook', url: 'http://127.0.0.1:9/x', timeoutMs: 10_000, headers: {} },
      bufferEntries: 100_000,
      batchSize: 100,
      retry: { initialMs: 200, maxMs: 30_000 },
    });
    expect(configSchema.parse({}).metricStreams).toEqual([]);
  });

  it('names the field and what was expected', () => {
    expect(
      problems([{ name: 'a', include: [{ namespace: 'X' }], exclude: [{ namespace: 'Y' }], output: hook }]),
    ).toEqual([
      'metricStreams[0].exclude: a metric stream has include or exclude filters, not both (as in CloudWatch)',
    ]);
    expect(problems([{ name: 'a', output: { type: 'kafka' } }])).toEqual([
      'metricStreams[0].output.type: unknown output type "kafka"; expected one of "prometheus-remote-write", "otlp-http", "webhook"',
    ]);
    expect(problems([{ name: 'a', output: { type: 'prometheus-remote-write', url: 'ftp://x' } }])).toEqual([
      'metricStreams[0].output.url: expected an http:// or https:// URL',
    ]);
    expect(problems([{ name: 'a', output: { ...hook, retries: 3 } }])).toEqual([
      'metricStreams[0].output: unknown field "retries"',
    ]);
    expect(problems([{ name: 'a', statistics: [{ additional: ['p101'] }], output: hook }])[0]).toMatch(
      /^metricStreams\[0\]\.statistics\[0\]\.additional\[0\]: invalid statistic "p101"/,
    );
    expect(problems([{ name: 'a', statistics: [{ additional: ['Sum'] }], output: hook }])[0]).toMatch(
      /always streamed/,
    );
    expect(
      problems([
        { name: 'a', output: hook },
        { name: 'a', output: hook },
      ]),
    ).toEqual(['metricStreams[1].name: another metric stream is named "a"']);
    expect(problems([{ name: 'a b', output: hook }])[0]).toMatch(/^metricStreams\[0\]\.name: expected letters/);
  });
});

describe('include / exclude (CloudWatch rules)', () => {
  const shop = { namespace: 'Shop', metricNames: ['Errors'] };
  it('include streams only what it lists; by namespace, or namespace and metric names', () => {
    expect(selects({ include: [shop] }, 'Shop', 'Errors')).toBe(true);
    expect(selects({ include: [shop] }, 'Shop', 'Visits')).toBe(false);
    expect(selects({ include: [{ namespace: 'Shop' }] }, 'Shop', 'Visits')).toBe(true);
    expect(selects({ include: [shop] }, 'Other', 'Errors')).toBe(false);
  });
  it('exclude streams everything else; neither streams everything', () => {
    expect(selects({ exclude: [shop] }, 'Shop', 'Errors')).toBe(false);
    expect(selects({ exclude: [shop] }, 'Shop', 'Visits')).toBe(true);
    expect(selects({ exclude: [{ namespace: 'Shop' }] }, 'Shop', 'Visits')).toBe(false);
    expect(selects({}, 'Any', 'Thing')).toBe(true);
  });
});
