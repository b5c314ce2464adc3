import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import type { RunRecord } from '../../../core/types.ts';
import { startStack, type Stack } from '../../../stack/start-stack.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { mountVisual } from '../../fixtures/site/visual.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { waitFor } from '../../support/wait-for.ts';

describe('visual canary on the scheduled runner', () => {
  const prefix = testPrefix('visual');
  let site: FixtureSite;
  let tmp: TempProject;
  let stack: Stack | undefined;

  beforeAll(async () => {
    site = await startFixtureSite((app) => void mountVisual(app));
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', dataDir: '.canary', worker: { concurrency: 1 } });
`,
      'canaries/look.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'sched-look', blueprint: 'visual', url: '${site.baseUrl}/visual/', schedule: 'rate(1 second)', timeout: 20,
  ignore: [{ selector: '.clock' }] });
`,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('creates the baseline on its first scheduled run, then matches it with VisualDiffPercent 0', async () => {
    const runs: RunRecord[] = [];
    const project = await loadProject({ cwd: tmp.dir });
    stack = await startStack({ project, roles: ['scheduler', 'worker'], onRun: (r) => void runs.push(r) });
    await waitFor('3 visual runs', () => runs.length >= 3, 60_000);
    await stack.close();
    stack = undefined;

    const [first, ...rest] = runs;
    expect(first?.status, first?.reason).toBe('PASSED');
    expect(first?.reason).toMatch(/baseline created for "page"/);
    expect(existsSync(path.join(project.dataDir, 'baselines/sched-look/page.png'))).toBe(true);
    for (const r of rest) {
      expect(r.status, r.reason).toBe('PASSED');
      expect(r.reason).toBe('"page" matches its baseline: 0.00 % diff (max 0 %)');
      expect(r.metrics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            namespace: 'CanaryKit',
            metricName: 'VisualDiffPercent',
            dimensions: { CanaryName: 'sched-look' },
            value: 0,
            unit: 'Percent',
          }),
          expect.objectContaining({ metricName: 'VisualMonitoringSuccessPercent', value: 100 }),
        ]),
      );
      expect(existsSync(path.join(project.dataDir, 'runs/sched-look', r.id, 'page.png'))).toBe(true);
    }
  });
});
