import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const canary = `export default { name: 'idle', blueprint: 'heartbeat', url: 'http://127.0.0.1:9/', schedule: 'rate(1 hour)' };\n`;

describe('logs configuration is validated with every problem in its place', () => {
  it('reports bad patterns, transformations, names, retention and syslog rules at once', async () => {
    tmp = await tempProject({
      'canaries/idle.canary.ts': canary,
      'canary.config.ts': `export default { logs: {
  groups: [
    { name: '/app/web', retentionInDays: 2, metricFilters: [
      { name: 'ok', pattern: 'ERROR', metricNamespace: 'App', metricName: 'Errors' },
      { name: 'bad', pattern: '{ $.status = }', metricNamespace: 'App', metricName: 'Errors' },
      { name: 'ref', pattern: 'ERROR', metricNamespace: 'App', metricName: 'E', metricValue: '$.latency' },
      { name: 'dims', pattern: '{ $.a = 1 }', metricNamespace: 'App', metricName: 'E', dimensions: { A: '$.a', B: '$.b', C: '$.c', D: '$.d' } },
      { name: 'ok', pattern: 'WARN', metricNamespace: 'App:x', metricName: 'W' },
    ] },
    { name: 'bad name' },
  ],
  syslog: { udp: '127.0.0.1:5514', rules: [{ group: '/nowhere' }] },
} };
`,
    });
    let found: string[] = [];
    try {
      await loadProject({ cwd: tmp.dir });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      found = e.diagnostics.map(formatDiagnostic);
    }
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^canary\.config\.ts › logs\.groups\[0\]\.retentionInDays: retentionInDays must be one of 1, 3, 5/,
        ),
        expect.stringMatching(
          /^canary\.config\.ts › logs\.groups\[0\]\.metricFilters\[1\]\.pattern: position \d+: expected/,
        ),
        expect.stringMatching(
          /^canary\.config\.ts › logs\.groups\[0\]\.metricFilters\[2\]\.metricValue: .*\$\.latency/,
        ),
        expect.stringMatching(/^canary\.config\.ts › logs\.groups\[0\]\.metricFilters\[3\]\.dimensions: .*at most 3/),
        expect.stringMatching(/^canary\.config\.ts › logs\.groups\[0\]\.metricFilters\[4\]\.metricNamespace: /),
        expect.stringMatching(
          /^canary\.config\.ts › logs\.groups\[0\]\.metricFilters\[4\]\.name: duplicate metric filter name "ok"/,
        ),
        expect.stringMatching(/^canary\.config\.ts › logs\.groups\[1\]\.name: a log group name may hold only/),
      ]),
    );
  });

  it('refuses a syslog rule naming an undeclared group', async () => {
    tmp = await tempProject({
      'canaries/idle.canary.ts': canary,
      'canary.config.ts': `export default { logs: { groups: [{ name: '/a' }], syslog: { udp: '127.0.0.1:5514', rules: [{ group: '/nowhere' }] } } };\n`,
    });
    await expect(loadProject({ cwd: tmp.dir })).rejects.toThrow(
      /logs\.syslog\.rules\[0\]\.group: unknown log group "\/nowhere"/,
    );
  });
});
