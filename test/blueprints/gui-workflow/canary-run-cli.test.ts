import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../core/types.ts';
import { mountLoginApp } from '../../fixtures/site/login-app.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { runCli } from '../../support/run-cli.ts';

const RECORDING = fileURLToPath(new URL('./fixtures/login.recording.json', import.meta.url));
const PASSWORD = 'cli-secret-Pa55word';

const canary = (cwd: string, ...args: string[]) => runCli(cwd, args, { SHOP_PASSWORD: PASSWORD });

describe('canary run with browser-flow canaries (typed canary files, real Chromium)', () => {
  let site: FixtureSite;
  let tmp: TempProject;

  beforeAll(async () => {
    site = await startFixtureSite((app) => void mountLoginApp(app, { password: PASSWORD }));
    const base = site.baseUrl;
    tmp = await tempProject({
      'canaries/login.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'login-flow', blueprint: 'gui-workflow', schedule: 'rate(5 minutes)', timeout: 60,
  steps: [
    { action: 'navigate', url: '${base}/login' },
    { action: 'type', selector: '#email', text: 'sre@example.test' },
    { action: 'type', selector: '#password', text: '{{env.SHOP_PASSWORD}}', secret: true },
    { action: 'press', key: 'Enter' },
    { action: 'waitForSelector', selector: '.dashboard' },
    { action: 'verifyText', selector: 'h1', text: 'Welcome' },
    { action: 'clickAndNavigate', selector: 'a.orders' },
    { action: 'verifySelector', selector: 'table.orders tr', visible: true },
  ] });
`,
      'canaries/recorded.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'recorded-login', blueprint: 'gui-workflow', schedule: 'rate(5 minutes)',
  recordingFile: new URL('./login.recording.json', import.meta.url), variables: { baseUrl: '${base}' } });
`,
      'canaries/orders.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'orders-script', blueprint: 'script', schedule: 'rate(5 minutes)', timeout: 30,
  async run({ page, step, env, log }) {
    await step('sign in', async () => {
      await page.goto('${base}/login');
      await page.type('#email', 'sre@example.test');
      await page.type('#password', env('SHOP_PASSWORD'));
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    });
    await step('orders', async () => {
      await Promise.all([page.waitForNavigation(), page.click('a.orders')]);
      // A named helper inside a page function: tsx's keepNames wraps it in __name(), which the page must have.
      const rows = await page.evaluate(() => {
        const count = (sel: string) => document.querySelectorAll(sel).length;
        return count('table.orders tr');
      });
      log.info('rows: ' + rows);
      if (rows !== 4) throw new Error('expected 4 orders, found ' + rows);
    });
  },
});
`,
    });
    await copyFile(RECORDING, path.join(tmp.dir, 'canaries/login.recording.json'));
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('passes the gui-workflow canaries, fails the script with its step, and writes records without the secret', async () => {
    const out = path.join(tmp.dir, 'out');
    const r = await canary(tmp.dir, 'run', 'canaries/*.canary.ts', '--reporter', 'list,json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/✓ login-flow {2}PASSED {2}\d+ ms/);
    expect(r.stdout).toMatch(/✓ recorded-login {2}PASSED {2}\d+ ms/);
    expect(r.stdout).toMatch(/✗ orders-script {2}FAILED {2}\d+ ms {2}step "orders" failed: expected 4 orders, found 3/);
    expect(r.code).toBe(1);
    const files = await readdir(out);
    expect(files).toHaveLength(3);
    for (const f of files) {
      const text = await readFile(path.join(out, f), 'utf8');
      expect(text).not.toContain(PASSWORD);
      const record = JSON.parse(text) as RunRecord;
      expect(record.steps.length).toBeGreaterThan(1);
    }
  });
});
