import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerMetrics } from '../../cli/commands/metrics.ts';
import { startMetricsApi } from './http-support.ts';

/** Runs `canary metrics …` in-process; returns its output and exit code. */
async function canary(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const program = new Command('canary').exitOverride();
  registerMetrics(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'canary', 'metrics', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

describe('canary metrics put|get|list', () => {
  let api: Awaited<ReturnType<typeof startMetricsApi>>;
  beforeAll(async () => {
    api = await startMetricsApi('mcli');
  });
  afterAll(() => api.stop());

  it('puts datapoints and reads statistics back through the HTTP API', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
    for (const [i, v] of [10, 20, 30].entries()) {
      const r = await canary([
        'put',
        '--api',
        api.url,
        '--namespace',
        'Cli',
        '--metric-name',
        'Latency',
        '--value',
        String(v),
        '--dimensions',
        'Service=cart,Env=prod',
        '--unit',
        'Milliseconds',
        '--timestamp',
        new Date(minute + i * 1000).toISOString(),
      ]);
      expect(r).toEqual({ out: `✓ stored Cli Latency = ${v}\n`, err: '', code: 0 });
    }
    const get = await canary([
      'get',
      '--api',
      api.url,
      '--namespace',
      'Cli',
      '--metric-name',
      'Latency',
      '--dimensions',
      'Service=cart,Env=prod',
      '--statistics',
      'SampleCount,Average,p99',
      '--period',
      '60',
      '--start',
      String(minute / 1000),
      '--end',
      new Date(minute + 60_000).toISOString(),
    ]);
    expect(get.code).toBe(0);
    expect(get.out).toBe(
      [
        'timestamp                 SampleCount  Average  p99',
        `${new Date(minute).toISOString()}  3            20       30`,
        '(unit: Milliseconds)',
        '',
      ].join('\n'),
    );
    const list = await canary(['list', '--api', api.url, '--namespace', 'Cli']);
    expect(list.out).toBe('Cli  Latency  Service=cart,Env=prod\n');
  });

  it("prints the API's problems and exits 1, or exits 2 on a bad command line", async () => {
    const bad = await canary([
      'put',
      '--api',
      api.url,
      '--namespace',
      'AWS/EC2',
      '--metric-name',
      'm',
      '--value',
      '1',
      '--unit',
      'ms',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^✗ 400: invalid PutMetricData request/);
    expect(bad.err).toContain('  namespace: must not start with "AWS/"');
    expect(bad.err).toContain('  metricData[0].unit: must be a CloudWatch unit');
    expect(
      (await canary(['put', '--api', api.url, '--namespace', 'N', '--metric-name', 'm', '--value', 'abc'])).code,
    ).toBe(2);
    expect(
      (await canary(['get', '--api', api.url, '--namespace', 'N', '--metric-name', 'm', '--dimensions', 'novalue']))
        .code,
    ).toBe(2);
    const down = await canary(['list', '--api', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^✗ cannot reach the API at http:\/\/127\.0\.0\.1:9/);
  });
});
