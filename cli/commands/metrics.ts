import { Option, type Command } from 'commander';
import { IssueList } from '../../metrics/metric-data-error.ts';
import { parseDimensionsParam } from '../../metrics/statistics-request.ts';

const apiOption = () =>
  new Option(
    '--api <url>',
    'HTTP API base URL (env CANARY_API; the token, if the API has one, from CANARY_API_TOKEN)',
  ).default(process.env.CANARY_API ?? 'http://127.0.0.1:8080');
const jsonOption = () => new Option('--json', "print the API's JSON answer");

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

/** Exit code 2: the command line is wrong (nothing was sent). */
function usage(message: string): void {
  err(`✗ ${message}`);
  process.exitCode = 2;
}

/** Calls the API; prints its error (`message` and `issues`) and sets exit code 1 when it is not a 2xx. */
async function call(api: string, path: string, init?: RequestInit): Promise<unknown> {
  const url = `${api.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    const token = process.env.CANARY_API_TOKEN;
    res = await fetch(url, {
      ...init,
      headers: {
        ...(init?.headers as Record<string, string> | undefined),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
  } catch (e) {
    err(
      `✗ cannot reach the API at ${api}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message} (set --api or CANARY_API)`,
    );
    process.exitCode = 1;
    return undefined;
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  if (!res.ok) {
    const b = body as { message?: string; issues?: Array<{ path: string; message: string }> };
    err(`✗ ${res.status}: ${typeof b === 'object' && b?.message ? b.message : text}`);
    for (const i of (typeof b === 'object' && Array.isArray(b?.issues) ? b.issues : []).slice(0, 20))
      err(`  ${i.path ? `${i.path}: ` : ''}${i.message}`);
    process.exitCode = 1;
    return undefined;
  }
  return body;
}

function dimensionsOption(text: string | undefined): Record<string, string> | undefined {
  const issues: IssueList = new IssueList();
  const dims = parseDimensionsParam(text, issues, '--dimensions');
  if (issues.total > 0) {
    usage(issues.items.map((i) => `${i.path}: ${i.message}`).join('; '));
    return undefined;
  }
  return dims;
}

/** A time option: ISO 8601 passes through; a number is epoch seconds (or ms when ≥ 1e11). */
const timeValue = (s: string): string | number => (/^\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s);

interface PutOptions {
  namespace: string;
  metricName: string;
  value: string;
  dimensions?: string;
  unit?: string;
  timestamp?: string;
  storageResolution?: string;
  api: string;
  json?: boolean;
}

interface GetOptions {
  namespace: string;
  metricName: string;
  dimensions?: string;
  statistics: string;
  period: string;
  start: string;
  end?: string;
  api: string;
  json?: boolean;
}

interface ListOptions {
  namespace?: string;
  metricName?: string;
  dimensions?: string;
  api: string;
  json?: boolean;
}

/** `canary metrics put|get|list`: PutMetricData, GetMetricStatistics and ListMetrics through the HTTP API. */
export function registerMetrics(program: Command): void {
  const metrics = program.command('metrics').description('publish and query metrics through the HTTP API');

  metrics
    .command('put')
    .description('publish one datapoint (PutMetricData)')
    .requiredOption('--namespace <name>', 'metric namespace, e.g. Shop')
    .requiredOption('--metric-name <name>', 'metric name, e.g. Errors')
    .requiredOption('--value <number>', 'the value')
    .option('--dimensions <list>', 'dimensions as Name=Value,Name2=Value2')
    .option('--unit <unit>', 'CloudWatch unit, e.g. Count or Milliseconds (default None)')
    .option('--timestamp <time>', 'ISO 8601 time or epoch seconds (default: now)')
    .option('--storage-resolution <seconds>', '1 (high resolution) or 60 (default)')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (o: PutOptions) => {
      const value = Number(o.value);
      if (o.value.trim() === '' || Number.isNaN(value))
        return usage(`--value must be a number, got ${JSON.stringify(o.value)}`);
      const dimensions = dimensionsOption(o.dimensions);
      if (!dimensions) return undefined;
      const datum: Record<string, unknown> = { metricName: o.metricName, dimensions, value };
      if (o.unit !== undefined) datum.unit = o.unit;
      if (o.timestamp !== undefined) datum.timestamp = timeValue(o.timestamp);
      if (o.storageResolution !== undefined) datum.storageResolution = Number(o.storageResolution);
      const body = await call(o.api, '/api/metrics', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ namespace: o.namespace, metricData: [datum] }),
      });
      if (body === undefined) return undefined;
      out(o.json ? JSON.stringify(body, null, 2) : `✓ stored ${o.namespace} ${o.metricName} = ${value}`);
      return undefined;
    });

  metrics
    .command('get')
    .description('statistics of one metric per period (GetMetricStatistics)')
    .requiredOption('--namespace <name>', 'metric namespace')
    .requiredOption('--metric-name <name>', 'metric name')
    .option('--dimensions <list>', "dimensions as Name=Value,Name2=Value2 (all of the metric's dimensions)")
    .option(
      '--statistics <list>',
      'comma-separated: SampleCount, Average, Sum, Minimum, Maximum, p99, p99.9, tm90, TM(10%:90%), IQM',
      'Average',
    )
    .option('--period <seconds>', 'period length: 1, 5, 10, 30 or a multiple of 60', '60')
    .option('--start <time>', 'ISO 8601 time or epoch seconds (default: 1 hour before --end)')
    .option('--end <time>', 'ISO 8601 time or epoch seconds (default: now)')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (o: GetOptions) => {
      const dimensions = dimensionsOption(o.dimensions);
      if (!dimensions) return undefined;
      const end = o.end ?? new Date().toISOString();
      const start = o.start ?? new Date(Date.now() - 3_600_000).toISOString();
      const q = new URLSearchParams({
        namespace: o.namespace,
        metricName: o.metricName,
        dimensions: JSON.stringify(dimensions),
        statistics: o.statistics,
        period: o.period,
        start: String(timeValue(start)),
        end: String(timeValue(end)),
      });
      const body = (await call(o.api, `/api/metrics/statistics?${q}`)) as
        { statistics: string[]; unit: string | null; datapoints: Array<Record<string, unknown>> } | undefined;
      if (body === undefined) return undefined;
      if (o.json) return out(JSON.stringify(body, null, 2));
      if (body.datapoints.length === 0) return out('no datapoints in that range');
      const header = ['timestamp', ...body.statistics];
      const rows = body.datapoints.map((d) => header.map((h) => (d[h] === null ? '-' : String(d[h]))));
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]) =>
        cells
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd();
      out(line(header));
      for (const r of rows) out(line(r));
      if (body.unit) out(`(unit: ${body.unit})`);
      return undefined;
    });

  metrics
    .command('list')
    .description('metrics that have data (ListMetrics)')
    .option('--namespace <name>', 'only this namespace')
    .option('--metric-name <name>', 'only this metric name')
    .option('--dimensions <list>', 'only metrics with these dimension values, Name=Value,…')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (o: ListOptions) => {
      const dimensions = dimensionsOption(o.dimensions);
      if (!dimensions) return undefined;
      const q = new URLSearchParams();
      if (o.namespace) q.set('namespace', o.namespace);
      if (o.metricName) q.set('metricName', o.metricName);
      if (Object.keys(dimensions).length > 0) q.set('dimensions', JSON.stringify(dimensions));
      const body = (await call(o.api, `/api/metrics/list?${q}`)) as
        Array<{ namespace: string; metricName: string; dimensions: Record<string, string> }> | undefined;
      if (body === undefined) return undefined;
      if (o.json) return out(JSON.stringify(body, null, 2));
      for (const s of body)
        out(
          `${s.namespace}  ${s.metricName}  ${Object.entries(s.dimensions)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
        );
      if (body.length === 0) out('no metrics');
      return undefined;
    });
}
