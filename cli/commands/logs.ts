import { Option, type Command } from 'commander';
import { parseFilterPattern, PatternSyntaxError } from '../../logs/pattern/index.ts';

const apiOption = () =>
  new Option('--api <url>', 'HTTP API base URL (env CANARY_API; the token from CANARY_API_TOKEN)').default(
    process.env.CANARY_API ?? 'http://127.0.0.1:8080',
  );
const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);
const colour = process.stdout.isTTY === true;
const dim = (s: string) => (colour ? `\u001b[2m${s}\u001b[0m` : s);
const bold = (s: string) => (colour ? `\u001b[1m${s}\u001b[0m` : s);

async function call(api: string, path: string): Promise<Record<string, unknown> | undefined> {
  const token = process.env.CANARY_API_TOKEN;
  let res: Response;
  try {
    res = await fetch(
      `${api.replace(/\/+$/, '')}${path}`,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
  } catch (e) {
    err(`✗ cannot reach the API at ${api}: ${(e as Error).message} (set --api or CANARY_API)`);
    process.exitCode = 1;
    return undefined;
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    err(`✗ ${res.status}: ${typeof body.message === 'string' ? body.message : res.statusText}`);
    process.exitCode = 1;
    return undefined;
  }
  return body;
}

/** `10m`, `2h`, `30s`, `1d` → milliseconds. */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `canary logs groups|streams|events|test-pattern`. */
export function registerLogs(program: Command): void {
  const logs = program.command('logs').description('log groups, streams and events (CloudWatch Logs-like)');

  logs
    .command('groups')
    .description('list log groups')
    .addOption(apiOption())
    .option('--json', "print the API's JSON answer")
    .action(async (o: { api: string; json?: boolean }) => {
      const body = await call(o.api, '/api/logs/groups');
      if (!body) return;
      if (o.json) return out(JSON.stringify(body, null, 2));
      for (const g of body.logGroups as Array<{ logGroupName: string; retentionInDays?: number; source: string }>)
        out(
          `${bold(g.logGroupName)}  ${dim(`retention ${g.retentionInDays ?? 'never'}${g.retentionInDays ? ' d' : ''}, ${g.source}`)}`,
        );
    });

  logs
    .command('streams <group>')
    .description("list a group's streams")
    .addOption(apiOption())
    .action(async (group: string, o: { api: string }) => {
      const body = await call(o.api, `/api/logs/${encodeURIComponent(group)}/streams`);
      if (!body) return;
      for (const s of body.logStreams as Array<{ logStreamName: string; lastIngestionTime: number }>)
        out(`${s.logStreamName}  ${dim(`last event ingested ${new Date(s.lastIngestionTime).toISOString()}`)}`);
    });

  logs
    .command('events <group>')
    .description("print a group's events (FilterLogEvents), oldest first")
    .option('--stream <name...>', 'only these streams')
    .option('--filter <pattern>', 'a filter pattern (ERROR, { $.status = 500 }, [ip, ..., status = 5*])')
    .option('--since <duration>', 'events of the last 30s, 10m, 2h, 1d', '1h')
    .option('--limit <n>', 'at most this many events', '1000')
    .addOption(apiOption())
    .action(
      async (group: string, o: { stream?: string[]; filter?: string; since: string; limit: string; api: string }) => {
        const since = parseSince(o.since);
        const limit = Number(o.limit);
        if (since === undefined || !Number.isInteger(limit) || limit < 1) {
          err('✗ --since must look like 30s, 10m, 2h or 1d, and --limit must be a positive integer');
          process.exitCode = 2;
          return;
        }
        let left = limit;
        let token: string | undefined;
        do {
          const q = new URLSearchParams({ start: String(Date.now() - since), limit: String(Math.min(left, 10_000)) });
          for (const s of o.stream ?? []) q.append('stream', s);
          if (o.filter) q.set('filterPattern', o.filter);
          if (token) q.set('nextToken', token);
          const body = await call(o.api, `/api/logs/${encodeURIComponent(group)}/events?${q}`);
          if (!body) return;
          for (const e of body.events as Array<{ timestamp: number; logStreamName: string; message: string }>) {
            out(`${dim(new Date(e.timestamp).toISOString())} ${bold(e.logStreamName)} ${e.message}`);
            left -= 1;
          }
          token = body.nextToken as string | undefined;
        } while (token && left > 0);
      },
    );

  logs
    .command('test-pattern <pattern>')
    .description('test a filter pattern against the lines on stdin, offline (as TestMetricFilter; no Redis, no API)')
    .action(async (pattern: string) => {
      let compiled;
      try {
        compiled = parseFilterPattern(pattern);
      } catch (e) {
        if (!(e instanceof PatternSyntaxError)) throw e;
        err(`✗ ${e.message}`);
        err(`  ${pattern}`);
        err(`  ${' '.repeat(Math.max(0, e.position - 1))}^`);
        process.exitCode = 1;
        return;
      }
      const lines = (await readStdin()).split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
      const matches = lines.flatMap((eventMessage, i) => {
        const m = compiled.match(eventMessage);
        return m.matched ? [{ eventNumber: i + 1, eventMessage, extractedValues: m.extractedValues }] : [];
      });
      out(JSON.stringify({ matches }, null, 2));
    });
}
