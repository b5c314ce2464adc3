import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../config/project.ts';
import { parseSyslog } from '../../logs/syslog/parse-syslog.ts';
import { SyslogFramer } from '../../logs/syslog/syslog-framing.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { logsProject } from './logs-project.ts';

const run = promisify(execFile);
/** logger sends this machine's hostname (util-linux 2.38 has no option to change it). */
const HOST = hostname().split('.')[0] ?? 'localhost';

describe('syslog parsing and framing', () => {
  const now = Date.UTC(2026, 11, 3, 12, 0, 0);
  it('reads RFC 5424 with structured data and a BOM', () => {
    const m = parseSyslog('<165>1 2026-12-03T11:59:58.123Z web-1 webapp 42 ID7 [x@1 a="b\\"]"] \uFEFFERROR here', now);
    expect(m).toEqual({
      format: 'rfc5424',
      facility: 20,
      severity: 5,
      timestamp: Date.UTC(2026, 11, 3, 11, 59, 58, 123),
      hostname: 'web-1',
      appName: 'webapp',
      procId: '42',
      msgId: 'ID7',
      structuredData: '[x@1 a="b\\"]"]',
      message: 'ERROR here',
    });
    expect(parseSyslog('<13>1 - - - - - -', now)).toMatchObject({
      timestamp: undefined,
      hostname: undefined,
      message: '',
    });
  });
  it('reads RFC 3164, with and without a hostname', () => {
    expect(parseSyslog('<13>Dec  3 11:00:00 host1 app[9]: hello', now)).toMatchObject({
      format: 'rfc3164',
      hostname: 'host1',
      appName: 'app',
      procId: '9',
      message: 'hello',
    });
    expect(parseSyslog('<13>Dec  3 11:00:00 app: hi', now)).toMatchObject({
      hostname: undefined,
      appName: 'app',
      message: 'hi',
    });
    // A December line read on 2 January is from last year.
    const jan = parseSyslog('<13>Dec 31 23:00:00 h a: x', Date.UTC(2027, 0, 2));
    expect(new Date((jan as { timestamp: number }).timestamp).getFullYear()).toBe(2026);
  });
  it('refuses what is not syslog', () => {
    expect(parseSyslog('hello', now)).toEqual({ error: expect.stringMatching(/PRI/) });
    expect(parseSyslog('<999>x', now)).toEqual({ error: expect.stringMatching(/over 191/) });
    expect(parseSyslog('<13>1 2026-12-03 h a p m - x', now)).toEqual({ error: expect.stringMatching(/TIMESTAMP/) });
  });
  it('frames TCP by octet count and by newline, across chunk boundaries, counting bytes', () => {
    const f = new SyslogFramer(1000);
    const a = '<13>1 - h a - - - é';
    const wire = Buffer.from(`${Buffer.byteLength(a)} ${a}<13>line one\r\n<13>li`);
    expect(f.push(wire.subarray(0, 5)).map(String)).toEqual([]);
    expect(f.push(wire.subarray(5)).map(String)).toEqual([a, '<13>line one']);
    expect(f.push(Buffer.from('ne two\n')).map(String)).toEqual(['<13>line two']);
    expect(() => new SyslogFramer(10).push(Buffer.from('99 <13>x'))).toThrow(/over the 10-byte limit/);
  });
});

describe('syslog listener with real senders (util-linux logger)', () => {
  const prefix = testPrefix('syslog');
  let tmp: TempProject;
  let project: Project;
  let stack: Stack;
  const messages = async (group: string, stream?: string) =>
    (
      await stack.logs.store.filter(group, { ...(stream ? { streams: [stream] } : {}), limit: 1000, order: 'oldest' })
    ).events.map((e) => e.message);

  beforeAll(async () => {
    ({ tmp, project } = await logsProject(prefix));
    stack = await startStack({ project, roles: ['logs'] });
  });
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  const logger = (...args: string[]) => run('logger', ['-n', '127.0.0.1', ...args]);

  it('receives RFC 5424 over UDP and routes by app name to the hostname stream', async () => {
    await logger('-P', String(stack.syslog?.udpPort), '--rfc5424', '--udp', '-t', 'webapp', 'ERROR udp 5424');
    await waitFor('the UDP line', async () => (await messages('/app/web', HOST)).includes('ERROR udp 5424'));
  });

  it('receives RFC 5424 and RFC 3164 over TCP, and octet-counted frames', async () => {
    const tcp = String(stack.syslog?.tcpPort);
    await logger('-P', tcp, '--rfc5424', '--tcp', '-t', 'webapp', 'tcp 5424 newline');
    await logger('-P', tcp, '--rfc3164', '--tcp', '-t', 'webapp', 'tcp 3164');
    await logger('-P', tcp, '--rfc5424', '--tcp', '--octet-count', '-t', 'webapp', 'tcp octet counted');
    await waitFor('the TCP lines', async () => {
      const all = await messages('/app/web');
      return ['tcp 5424 newline', 'tcp 3164', 'tcp octet counted'].every((m) => all.includes(m));
    });
    expect(await messages('/app/web', HOST)).toEqual(expect.arrayContaining(['tcp 5424 newline', 'tcp octet counted']));
  });

  it('sends messages no app rule matches to the catch-all rule, one stream per app name', async () => {
    await logger('-P', String(stack.syslog?.udpPort), '--rfc5424', '--udp', '-t', 'cron', 'nightly job done');
    await waitFor('the catch-all line', async () => (await messages('/syslog', 'cron')).includes('nightly job done'));
  });

  it('feeds the metric filters: ERROR lines from syslog count in App/Errors', async () => {
    const now = Date.now();
    const s = await stack.metrics.statistics({
      namespace: 'App',
      metricName: 'Errors',
      dimensions: {},
      start: now - 3_600_000,
      end: now + 60_000,
      period: 3660,
    });
    expect(s.reduce((a, p) => a + p.Sum, 0)).toBe(1);
  });
});
