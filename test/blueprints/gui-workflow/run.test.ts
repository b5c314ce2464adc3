import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../../../core/types.ts';
import { closedPort } from '../../support/closed-port.ts';
import { PASSWORD, PNG_SIGNATURE, readArtifact, startHarness, summary, type Harness } from './run-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const flow = (steps: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({
  name: 'login-flow',
  blueprint: 'gui-workflow',
  steps,
  ...extra,
});

/** The example, against the fixture site. */
const loginSteps = (base: string) => [
  { action: 'navigate', url: `${base}/login` },
  { action: 'type', selector: '#email', text: 'sre@example.test' },
  { action: 'type', selector: '#password', text: '{{env.SHOP_PASSWORD}}', secret: true },
  { action: 'press', key: 'Enter' },
  { action: 'waitForSelector', selector: '.dashboard' },
  { action: 'verifyText', selector: 'h1', text: 'Welcome' },
  { action: 'clickAndNavigate', selector: 'a.orders' },
  { action: 'verifySelector', selector: 'table.orders tr', visible: true },
];

describe('gui-workflow blueprint (real Chromium)', () => {
  it('runs the issue example: signs in, verifies the dashboard, opens the orders', async () => {
    const live: StepResult[] = [];
    const logins = h.app.logins;
    const record = await h.run(flow(loginSteps(h.site.baseUrl)), (s) => live.push(s));
    expect(record.status, record.reason).toBe('PASSED');
    expect(record.reason).toBe('8 steps passed');
    expect(summary(record)).toEqual([
      `PASSED navigate ${h.site.baseUrl}/login`,
      'PASSED type #email',
      'PASSED type #password',
      'PASSED press Enter',
      'PASSED waitForSelector .dashboard',
      'PASSED verifyText h1',
      'PASSED clickAndNavigate a.orders',
      'PASSED verifySelector table.orders tr',
    ]);
    expect(h.app.logins).toBe(logins + 1);
    expect(h.app.passwordsSeen.at(-1)).toBe(PASSWORD);
    expect(record.steps[0]?.details).toMatchObject({ httpStatus: 200 });
    expect(record.steps.every((s) => s.durationMs >= 0 && !s.screenshots)).toBe(true);
    expect(record.details.consoleErrors).toEqual(['dashboard: analytics script failed to load']);
    expect(record.details.finalUrl).toBe(`${h.site.baseUrl}/orders`);
    expect(live.map((s) => s.name)).toEqual(record.steps.map((s) => s.name));
    // The secret typed value is nowhere: not in the record, not in what live reporters saw.
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
    expect(JSON.stringify(live)).not.toContain(PASSWORD);
  });

  it('fails naming the step, the selector and what it found, with a PNG of the failure', async () => {
    const record = await h.run(
      flow([
        { action: 'navigate', url: `${h.site.baseUrl}/login` },
        { action: 'type', selector: '#email', text: 'sre@example.test' },
        { action: 'type', selector: '#password', text: 'not-the-password', secret: true },
        { action: 'press', key: 'Enter' },
        { action: 'waitForSelector', selector: '.error' },
        { action: 'verifyText', selector: 'h1', text: 'Welcome', timeout: 1_000 },
        { action: 'clickAndNavigate', selector: 'a.orders' },
      ]),
    );
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe('step 6 "verifyText h1": expected text "Welcome" in h1, found "Sign in"');
    expect(record.steps).toHaveLength(6);
    const failed = record.steps[5];
    expect(failed?.status).toBe('FAILED');
    expect(failed?.screenshots).toHaveLength(1);
    const png = await readArtifact(h.dataDir, failed?.screenshots?.[0]?.path ?? '');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(record.artifacts.map((a) => a.path)).toContain(failed?.screenshots?.[0]?.path);
    expect(JSON.stringify(record)).not.toContain('not-the-password');
  });

  it('a missing element fails with the selector and the timeout', async () => {
    const record = await h.run(
      flow([
        { action: 'navigate', url: `${h.site.baseUrl}/login` },
        { action: 'waitForSelector', selector: '.dashboard', timeout: 800 },
      ]),
    );
    expect(record.reason).toBe(
      'step 2 "waitForSelector .dashboard": waiting for selector ".dashboard" failed: timeout 800 ms exceeded (no element matches)',
    );
    const hidden = await h.run(
      flow([
        { action: 'navigate', url: `${h.site.baseUrl}/login` },
        { action: 'verifySelector', selector: '.hidden-banner' },
        { action: 'verifySelector', selector: '.hidden-banner', visible: true, timeout: 500 },
      ]),
    );
    expect(summary(hidden)).toEqual([
      `PASSED navigate ${h.site.baseUrl}/login`,
      'PASSED verifySelector .hidden-banner',
      'FAILED verifySelector .hidden-banner',
    ]);
    expect(hidden.reason).toBe(
      'step 3 "verifySelector .hidden-banner": expected a visible element matching ".hidden-banner", found none within 500 ms (1 matching element present but not visible)',
    );
  });

  it('continueOnStepFailure runs the later steps and fails the run at the end', async () => {
    const record = await h.run(
      flow([
        { action: 'navigate', url: `${h.site.baseUrl}/login` },
        // The heading is shown first, so the short timeout below can only fail on the text (a loaded machine may
        // take longer than 300 ms to lay the page out).
        { action: 'verifySelector', selector: 'h1', visible: true },
        {
          action: 'verifyText',
          selector: 'h1',
          text: 'Welcome',
          timeout: 300,
          continueOnStepFailure: true,
          name: 'already signed in?',
        },
        { action: 'click', selector: '#nope', timeout: 300, continueOnStepFailure: true },
        { action: 'verifyText', selector: 'h1', text: 'Sign in', match: 'equals' },
      ]),
    );
    expect(summary(record)).toEqual([
      `PASSED navigate ${h.site.baseUrl}/login`,
      'PASSED verifySelector h1',
      'FAILED already signed in?',
      'FAILED click #nope',
      'PASSED verifyText h1',
    ]);
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe(
      'step 3 "already signed in?": expected text "Welcome" in h1, found "Sign in" (and 1 more failed step)',
    );
  });

  it('select, hover, named screenshots, equals, step screenshots and {{variables}}', async () => {
    const record = await h.run(
      flow(
        [
          { action: 'navigate', url: '{{base}}/login' },
          { action: 'type', selector: '#email', text: '{{user}}' },
          { action: 'type', selector: '#password', text: '{{env.SHOP_PASSWORD}}' },
          { action: 'clickAndNavigate', selector: '#sign-in', screenshotOnStepSuccess: true },
          { action: 'verifyText', selector: '.dashboard h1', text: 'Welcome, {{user}}', match: 'equals' },
          { action: 'hover', selector: '.help' },
          { action: 'verifySelector', selector: '.tooltip', visible: true, timeout: 2_000 },
          { action: 'click', selector: 'a.orders' },
          { action: 'select', selector: '#status', value: 'open' },
          { action: 'verifyText', selector: '#count', text: '1 order', match: 'equals' },
          { action: 'screenshot', name: 'open orders' },
          { action: 'select', selector: '#status', value: 'lost', continueOnStepFailure: true },
        ],
        { variables: { base: h.site.baseUrl, user: 'sre@example.test' } },
      ),
    );
    expect(
      summary(record)
        .slice(0, 11)
        .every((s) => s.startsWith('PASSED')),
    ).toBe(true);
    expect(record.reason).toBe(
      'step 12 "select #status": no option with value "lost" in #status: expected one of "all", "open", "shipped"',
    );
    const shot = record.artifacts.find((a) => a.path.endsWith('/open-orders.png'));
    expect(shot).toBeDefined();
    expect(record.steps[10]?.details).toEqual({ screenshot: shot?.path });
    expect((await readArtifact(h.dataDir, shot?.path ?? '')).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(record.steps[3]?.screenshots?.map((a) => a.path.split('/').at(-1))).toEqual([
      'clickAndNavigate-sign-in-success.png',
    ]);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('a literal text typed with secret: true is redacted like an {{env.…}} value', async () => {
    // A page that echoes what is typed into its console: the way a typed value could reach the record.
    h.site.app.get('/echo', (_req, res) => {
      res.type('html').send(`<!doctype html><title>Echo</title><input id="field">
<script>document.getElementById('field').addEventListener('input', (e) => {
  console.error('typed ' + e.target.value);
  e.target.dataset.len = String(e.target.value.length);
});</script>`);
    });
    const typed = (text: string, secret: boolean) =>
      flow([
        { action: 'navigate', url: `${h.site.baseUrl}/echo` },
        { action: 'type', selector: '#field', text, secret },
        // The page has seen the last keystroke (and logged it) before the run ends.
        { action: 'waitForSelector', selector: `#field[data-len="${text.length}"]` },
      ]);
    const plain = await h.run(typed('visible-typed', false));
    expect((plain.details.consoleErrors as string[]).at(-1)).toBe('typed visible-typed');
    const secret = await h.run(typed('literal-S3cret', true));
    expect((secret.details.consoleErrors as string[]).at(-1)).toBe('typed ***');
    expect(JSON.stringify(secret)).not.toContain('literal-S3cret');
  });

  it('HTTP errors and refused connections fail the navigate step', async () => {
    const notFound = await h.run(flow([{ action: 'navigate', url: `${h.site.baseUrl}/missing` }]));
    expect(notFound.reason).toBe(
      `step 1 "navigate ${h.site.baseUrl}/missing": HTTP 404 from ${h.site.baseUrl}/missing`,
    );
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const refused = await h.run(flow([{ action: 'navigate', url }]));
    expect(refused.status).toBe('FAILED');
    expect(refused.reason).toBe(`step 1 "navigate ${url}": navigation to ${url} failed: net::ERR_CONNECTION_REFUSED`);
  });

  it('an unset {{env.NAME}} fails its step; no step waits past the canary timeout', async () => {
    const unset = await h.run(flow([{ action: 'navigate', url: '{{env.CK_TEST_UNSET_BASE}}/login' }]));
    expect(unset.reason).toBe(
      'step 1 "navigate {{env.CK_TEST_UNSET_BASE}}/login": environment variable CK_TEST_UNSET_BASE is not set (used as {{env.CK_TEST_UNSET_BASE}})',
    );
    const slow = await h.run(
      flow(
        [
          { action: 'navigate', url: `${h.site.baseUrl}/login` },
          { action: 'waitForSelector', selector: '.never', timeout: 60_000 },
        ],
        { timeout: 2 },
      ),
    );
    // FAILED, not the runner's ERROR for an overstaying run; and the wait was bounded by what was left of the 2 s
    // canary timeout, not by the step's own 60 s.
    expect(slow.status).toBe('FAILED');
    const waited =
      /^step 2 "waitForSelector \.never": waiting for selector "\.never" failed: timeout (\d+) ms exceeded/.exec(
        slow.reason,
      );
    expect(waited, slow.reason).not.toBeNull();
    expect(Number(waited?.[1])).toBeLessThanOrEqual(2_000);
  });
});
