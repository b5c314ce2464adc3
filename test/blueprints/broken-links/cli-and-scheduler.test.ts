import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import type { RunRecord } from '../../../core/types.ts';
import { startStack, type Stack } from '../../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../../support/redis-prefix.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { waitFor } from '../../support/wait-for.ts';
import { startLinksSites, type LinksSites } from './helpers.ts';

const CLI = fileURLToPath(new URL('../../../bin/canary.js', import.meta.url));
const exec = promisify(execFile);

/** The README's example, pointed at the fixture site. */
const docsLinks = (url: string, schedule = 'rate(1 hour)') => `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'docs-links', blueprint: 'broken-links', url: '${url}', schedule: '${schedule}', timeout: 300, maxLinks: 20000, concurrency: 16, checkExternal: false, maxBrokenLinks: 0 });
`;

let sites: LinksSites;
let expected: string[];
beforeAll(async () => {
  sites = await startLinksSites();
  const main = sites.main.baseUrl;
  // The parity list without the second origin's link (checkExternal: false).
  expected = [
    'blog/2023/old-post.html',
    'css/missing.css',
    'docs/missing.html',
    'docs/nope.html',
    'img/missing.png',
    'js/missing.js',
    'moved',
    'private/report.html',
    'products/delta.html',
    'server-error',
  ].map((p) => `${main}/${p}`);
});
afterAll(async () => sites?.close());

describe('broken-links through canary run', () => {
  let tmp: TempProject;
  afterAll(async () => tmp?.remove());

  it('runs the README example once, fails on the broken links and reports them', async () => {
    tmp = await tempProject({ 'canaries/docs.canary.ts': docsLinks(`${sites.main.baseUrl}/index.html`) });
    const out = path.join(tmp.dir, 'out');
    const r = await exec(
      process.execPath,
      [CLI, 'run', 'canaries/docs.canary.ts', '--reporter', 'list,json', '--out', out],
      {
        cwd: tmp.dir,
        env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
      },
    ).then(
      (x) => ({ code: 0, ...x }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ docs-links {2}FAILED {2}\d+ ms {2}step "check" failed: 10 broken links \(max 0\): /);
    const [file] = await readdir(out);
    const record = JSON.parse(await readFile(path.join(out, file ?? ''), 'utf8')) as RunRecord;
    expect((record.details.brokenLinks as Array<{ url: string }>).map((b) => b.url).sort()).toEqual(expected);
    expect(record.details).toMatchObject({ linksSkipped: 2, brokenLinkCount: 10 });
    expect(record.steps.map((s) => s.name)).toEqual(['crawl', 'check']);
  });
});

describe('broken-links through the scheduler and a worker', () => {
  const prefix = testPrefix('links');
  let tmp: TempProject;
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('runs on schedule, stores the broken links and publishes BrokenLinks', async () => {
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({ redis: '${TEST_REDIS_URL}', redisPrefix: '${prefix}', worker: { concurrency: 1 } });
`,
      'canaries/docs.canary.ts': docsLinks(`${sites.main.baseUrl}/index.html`, 'once'),
    });
    const runs: RunRecord[] = [];
    stack = await startStack({
      project: await loadProject({ cwd: tmp.dir }),
      roles: ['scheduler', 'worker'],
      onRun: (r) => void runs.push(r),
    });
    const run = await waitFor('the scheduled run', () => runs[0], 60_000);
    expect(run).toMatchObject({ canary: 'docs-links', blueprint: 'broken-links', status: 'FAILED', attempt: 1 });
    const stored = await stack.runs.get(run.id);
    expect((stored?.details.brokenLinks as Array<{ url: string }>).map((b) => b.url).sort()).toEqual(expected);
    const series = { namespace: 'CanaryKit', metricName: 'BrokenLinks', dimensions: { CanaryName: 'docs-links' } };
    const samples = await stack.metrics.samples(series, Date.parse(run.startedAt) - 60_000, Date.now() + 60_000);
    expect(samples.map((s) => s.v)).toEqual([10]);
  });
});
