import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptContext } from '../../../blueprints/script/index.ts';
import type { RunRecord } from '../../../core/types.ts';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { executeRun } from '../../../runner/execute-run.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { definition } from '../gui-workflow/run-helpers.ts';

/**
 * A site that navigates away in the middle of a step is the site's doing: the run is FAILED (it counts in
 * SuccessPercent and fires the alarm), with a reason naming the step, not an ERROR of our machinery.
 */
let site: FixtureSite;
let pool: BrowserPool;
let dataDir: string;
let counter = 0;

beforeAll(async () => {
  site = await startFixtureSite((app) => {
    // Navigates away once the button is clicked (on a short timer, as a site's own script would).
    app.get('/hop', (_req, res) =>
      res.type('html').send(`<!doctype html><title>hop</title><h1>Hop</h1>
        <button id="go" onclick="setTimeout(() => { location.href = '/away'; }, 20)">go</button>`),
    );
    // Navigates away as soon as something injects a <style> (the compare step's freeze CSS), while one of its
    // images never finishes loading, so the step's in-page wait is still pending when the document is replaced.
    app.get('/restless', (_req, res) =>
      res.type('html').send(`<!doctype html><title>restless</title><h1>Restless</h1>
        <script>
          addEventListener('load', () => document.body.append(Object.assign(new Image(), { src: '/hold.png' })));
          new MutationObserver(() => {
            if (document.querySelector('style')) location.href = '/away';
          }).observe(document.head, { childList: true });
        </script>`),
    );
    app.get('/hold.png', () => {
      // never answered: the fixture site closes the connection at the end
    });
    app.get('/away', (_req, res) => res.type('html').send('<!doctype html><title>away</title><p>elsewhere</p>'));
  });
  pool = new BrowserPool();
  await pool.acquire();
  dataDir = await mkdtemp(path.join(tmpdir(), 'ck-navigates-away-'));
});
afterAll(async () => {
  await pool?.close();
  await site?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function run(raw: Record<string, unknown>): Promise<RunRecord> {
  return executeRun({
    canary: definition({ schedule: 'rate(1 minute)', timeout: 30, ...raw }),
    runId: `nav-${process.pid}-${++counter}`,
    attempt: 1,
    dataDir,
    browser: pool,
  });
}

describe('a site that navigates away during a step (real Chromium)', () => {
  it('script: the run is FAILED, naming the step, when the page navigates under an evaluate', async () => {
    const base = site.baseUrl;
    const record = await run({
      name: 'hop-script',
      blueprint: 'script',
      run: async ({ page, step }: ScriptContext) => {
        await step('open', async () => {
          await page.goto(`${base}/hop`);
        });
        await step('click and wait in the page', async () => {
          await page.click('#go');
          await page.evaluate(() => new Promise(() => {}));
        });
      },
    });
    expect(record.status, record.reason).toBe('FAILED');
    expect(record.reason).toMatch(/^step "click and wait in the page" failed: /);
    expect(record.steps.map((s) => `${s.status} ${s.name}`)).toEqual([
      'PASSED open',
      'FAILED click and wait in the page',
    ]);
  });

  it('gui-workflow: the run is FAILED, naming the step, when the page navigates during a compare step', async () => {
    const record = await run({
      name: 'restless-flow',
      blueprint: 'gui-workflow',
      steps: [
        { action: 'navigate', url: `${site.baseUrl}/restless` },
        { action: 'screenshot', name: 'home', compare: {} },
      ],
    });
    expect(record.status, record.reason).toBe('FAILED');
    expect(record.reason).toMatch(/^step 2 "home": /);
    expect(record.steps.map((s) => s.status)).toEqual(['PASSED', 'FAILED']);
  });
});
