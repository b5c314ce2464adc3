import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../config/project.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { logsProject } from '../logs/logs-project.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import { runCli } from '../support/run-cli.ts';
import type { TempProject } from '../support/temp-project.ts';

const CLI = fileURLToPath(new URL('../../bin/canary.js', import.meta.url));

describe('canary logs', () => {
  it('test-pattern runs offline on stdin, numbering lines from 1 as TestMetricFilter does', () => {
    const r = spawnSync(process.execPath, [CLI, 'logs', 'test-pattern', '{ $.status = 5* }'], {
      input: '{"status":200}\n{"status":503}\nnot json\n',
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      matches: [{ eventNumber: 2, eventMessage: '{"status":503}', extractedValues: { '$.status': '503' } }],
    });
    const bad = spawnSync(process.execPath, [CLI, 'logs', 'test-pattern', '[a, b = ]'], {
      input: 'x',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/position \d+: expected/);
  });

  describe('against the API', () => {
    const prefix = testPrefix('logs-cli');
    let tmp: TempProject;
    let project: Project;
    let stack: Stack;
    beforeAll(async () => {
      ({ tmp, project } = await logsProject(prefix));
      stack = await startStack({ project, roles: ['api'] });
      await stack.logs.syncConfig();
      await stack.logs.ingestor.put('/app/web', 'web-1', [
        { timestamp: Date.now() - 5000, message: 'ERROR boom' },
        { timestamp: Date.now() - 4000, message: 'INFO fine' },
      ]);
    });
    afterAll(async () => {
      await stack?.close();
      await tmp?.remove();
      await deletePrefix(prefix);
    });

    it('lists groups and prints filtered events', async () => {
      const api = stack.apiUrl as string;
      const groups = await runCli(tmp.dir, ['logs', 'groups', '--api', api]);
      expect(groups.stdout).toMatch(/\/app\/web {2}retention 7 d, config/);
      const events = await runCli(tmp.dir, [
        'logs',
        'events',
        '/app/web',
        '--filter',
        'ERROR',
        '--since',
        '10m',
        '--api',
        api,
      ]);
      expect(events.code).toBe(0);
      expect(events.stdout.trim().split('\n')).toEqual([expect.stringMatching(/Z web-1 ERROR boom$/)]);
      expect((await runCli(tmp.dir, ['logs', 'events', '/app/web', '--since', 'soon', '--api', api])).code).toBe(2);
    });
  });
});
