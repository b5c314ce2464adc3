import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../core/types.ts';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/index.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { runCli } from '../support/run-cli.ts';

const canary = (cwd: string, ...args: string[]) => runCli(cwd, args);

/**
 * A script canary whose first attempt breaks our machinery (it closes the page it was given: ERROR) after a step
 * that saved a screenshot, and whose second attempt passes (keyed on a marker file the first one writes).
 */
const flakyScript = (base: string, marker: string) => `import { existsSync, writeFileSync } from 'node:fs';
import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'flaky-script', blueprint: 'script', schedule: 'rate(5 minutes)', timeout: 30,
  async run({ page, step }) {
    const first = !existsSync(${JSON.stringify(marker)});
    writeFileSync(${JSON.stringify(marker)}, 'ran');
    await step('open', async () => { await page.goto('${base}/hello'); }, { screenshotOnStepSuccess: true });
    if (first) await step('break', async () => { await page.close(); await page.title(); });
  } });
`;

describe('canary run: a pass after an ERROR retry is flaky, and keeps the first attempt', () => {
  let site: FixtureSite;
  let tmp: TempProject;

  beforeAll(async () => {
    site = await startFixtureSite((app) =>
      app.get('/hello', (_req, res) => res.type('html').send('<!doctype html><title>hello</title><h1>Hello</h1>')),
    );
    tmp = await tempProject({});
    await tmp.write('canaries/flaky.canary.ts', flakyScript(site.baseUrl, path.join(tmp.dir, 'ran-once')));
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('marks the run flaky in list, JSON, JUnit and HTML, linking the first attempt and its screenshot', async () => {
    const out = path.join(tmp.dir, 'out');
    const r = await canary(
      tmp.dir,
      'run',
      'canaries/flaky.canary.ts',
      '--reporter',
      'list,json,junit,html',
      '--out',
      out,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ flaky-script {2}PASSED {2}\d+ ms {2}flaky: attempt 1 ERROR: canary error: /);
    expect(r.stdout).toMatch(/1 canary: 1 passed \(1 flaky\), 0 failed, 0 errored/);

    const runId = /"([^"]+-a2)"/.exec(await readFile(path.join(out, 'junit.xml'), 'utf8'))?.[1] as string;
    expect(runId).toMatch(/^flaky-script-.*-a2$/);
    const record = JSON.parse(await readFile(path.join(out, `${runId}.json`), 'utf8')) as RunRecord;
    expect(record).toMatchObject({ status: 'PASSED', attempt: 2, flaky: true });
    const [first] = record.previousAttempts ?? [];
    expect(first).toMatchObject({ runId: runId.replace(/-a2$/, '-a1'), attempt: 1, status: 'ERROR' });
    expect(first?.reason).toMatch(/^canary error: /);
    // The first attempt's evidence is kept: the screenshot its passing step took is still on disk, and linked.
    const shot = first?.artifacts.find((a) => a.kind === 'screenshot');
    expect(shot?.path).toMatch(/-a1\/open-success.*\.png$/);
    await access(path.join(tmp.dir, '.canary', shot?.path as string));

    const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<property name="flaky" value="true"\/>/);
    expect(junit).toMatch(
      /<flakyError message="canary error: [^"]*" type="ERROR"><system-out>attempt 1 \(run [^)]+-a1\) ERROR/,
    );
    expect(junit).toContain(`[[ATTACHMENT|${path.join(tmp.dir, '.canary', shot?.path as string)}]]`);

    const html = await readFile(path.join(out, `${runId}.html`), 'utf8');
    expect(html).toContain('FLAKY');
    expect(html).toContain('<h2 id="earlier-attempts">Flaky: earlier attempts</h2>');
    expect(html).toMatch(/attempt 1 <span class="badge ERROR">ERROR<\/span>/);
    expect(html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="open-success/);
  });
});
