import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { runCli } from '../support/run-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

describe('canary drill run: configuration errors exit 2', () => {
  let tmp: TempProject;
  beforeAll(async () => {
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';\nexport default defineConfig({});\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
      'drills/bad.drill.ts': `export default { name: 'bad', steadyState: { canaries: ['a', 'b'] }, faults: [{ type: 'lightning' }] };\n`,
    });
  });
  afterAll(async () => tmp?.remove());

  it('prints every problem of the drill with its place', async () => {
    const r = await runCli(tmp.dir, ['drill', 'run', 'drills/bad.drill.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('drills/bad.drill.ts › steadyState.canaries[1]: unknown canary "b"; known: a');
    expect(r.stderr).toContain('drills/bad.drill.ts › faults[0].type: unknown fault type "lightning"');
  });

  it('rejects an unknown reporter and files that match nothing', async () => {
    const reporter = await runCli(tmp.dir, ['drill', 'run', 'drills/bad.drill.ts', '--reporter', 'list,tap']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain('unknown reporter "tap"; known: list, json, junit, html');
    const none = await runCli(tmp.dir, ['drill', 'run', 'drills/none-*.drill.ts']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('canary.config.ts › drills: no drill files match drills/none-*.drill.ts');
  });
});

describe('canary drill list', () => {
  const prefix = testPrefix('drill-list');
  let tmp: TempProject;
  beforeAll(async () => {
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';\nexport default defineConfig({ redisPrefix: ${JSON.stringify(prefix)} });\n`,
      'canaries/a.canary.ts': `export default { name: 'a', blueprint: 'api', requests: [{ url: 'http://127.0.0.1:9/' }], schedule: 'rate(1 hour)' };\n`,
    });
  });
  afterAll(async () => {
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('says when no drill matches the globs', async () => {
    const r = await runCli(tmp.dir, ['drill', 'list'], { REDIS_URL: TEST_REDIS_URL });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(no drills match drills/**/*.drill.ts)');
  });
});
