import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlueprintContext } from '../../../core/blueprint.ts';
import { readRecordingFile } from '../../../blueprints/gui-workflow/index.ts';
import { resolveRecordingFile } from '../../../blueprints/gui-workflow/recording/resolve-recording.ts';
import { PASSWORD, PNG_SIGNATURE, readArtifact, startHarness, summary, type Harness } from './run-helpers.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/login.recording.json', import.meta.url));

let h: Harness;
let recording: { title: string; steps: Array<Record<string, unknown>> };
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  recording = JSON.parse(await readFile(FIXTURE, 'utf8')) as typeof recording;
  dir = await mkdtemp(path.join(tmpdir(), 'ck-recordings-'));
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const canary = (extra: Record<string, unknown>) => ({
  name: 'recorded-login',
  blueprint: 'gui-workflow',
  variables: { baseUrl: h.site.baseUrl },
  ...extra,
});

describe('gui-workflow: Chrome DevTools Recorder recordings (real Chromium)', () => {
  it('replays the recorded login, each recorded step a canary step named after its type and selector', async () => {
    const logins = h.app.logins;
    const record = await h.run(canary({ recording }));
    expect(record.status, record.reason).toBe('PASSED');
    expect(summary(record)).toEqual([
      'PASSED setViewport 1280x800',
      'PASSED navigate {{baseUrl}}/login',
      'PASSED click #email',
      'PASSED change #email',
      'PASSED click #password',
      'PASSED change #password',
      'PASSED keyDown Enter',
      'PASSED keyUp Enter',
      'PASSED waitForElement .dashboard h1',
      'PASSED click a.orders',
      'PASSED waitForElement table.orders tr',
    ]);
    expect(h.app.logins).toBe(logins + 1);
    expect(h.app.passwordsSeen.at(-1)).toBe(PASSWORD);
    expect(record.details.consoleErrors).toEqual(['dashboard: analytics script failed to load']);
    expect(JSON.stringify(record)).not.toContain(PASSWORD);
  });

  it('a value typed as recorded into a password field (no template) is redacted like a secret', async () => {
    // A page that echoes what is typed into its console: the only way a typed value reaches the record.
    h.site.app.get('/echo/:type', (req, res) => {
      res.type('html').send(`<!doctype html><title>Echo</title><input id="field" type="${req.params.type}">
<script>document.getElementById('field').addEventListener('input', (e) => console.error('typed ' + e.target.value));</script>`);
    });
    const echo = (type: string, value: string) => ({
      title: 'echo',
      steps: [
        { type: 'navigate', url: `{{baseUrl}}/echo/${type}` },
        { type: 'change', value, selectors: [['#field']] },
        { type: 'waitForElement', selectors: [['#field']] },
      ],
    });
    const plain = await h.run(canary({ recording: echo('text', 'visible-value-123') }));
    expect(plain.details.consoleErrors).toContain('typed visible-value-123');
    const secret = await h.run(canary({ recording: echo('password', PASSWORD) }));
    expect(secret.status, secret.reason).toBe('PASSED');
    expect(secret.details.consoleErrors).toContain('typed ***');
    expect(JSON.stringify(secret)).not.toContain(PASSWORD);
  });

  it('a recorded step that fails FAILS the run, names it, and screenshots it', async () => {
    const broken = {
      ...recording,
      steps: [
        ...recording.steps.slice(0, 2),
        { type: 'click', selectors: [['#remember-me']], offsetX: 1, offsetY: 1, timeout: 700 },
      ],
    };
    const record = await h.run(canary({ recording: broken }));
    expect(record.status).toBe('FAILED');
    expect(record.reason).toBe(
      'step 3 "click #remember-me": waiting for selector "#remember-me" failed: timeout 700 ms exceeded',
    );
    const png = await readArtifact(h.dataDir, record.steps[2]?.screenshots?.[0]?.path ?? '');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('continueOnStepFailure (stepDefaults) keeps replaying after a failed step', async () => {
    const steps = [
      ...recording.steps.slice(0, 2),
      { type: 'waitForElement', selectors: [['.dashboard']], timeout: 300 },
      { type: 'waitForElement', selectors: [['#email']] },
    ];
    const record = await h.run(
      canary({
        recording: { ...recording, steps },
        stepDefaults: { continueOnStepFailure: true, screenshotOnStepFailure: false },
      }),
    );
    expect(summary(record)).toEqual([
      'PASSED setViewport 1280x800',
      'PASSED navigate {{baseUrl}}/login',
      'FAILED waitForElement .dashboard',
      'PASSED waitForElement #email',
    ]);
    expect(record.status).toBe('FAILED');
    expect(record.artifacts).toEqual([]);
  });

  it('recordingFile: an absolute path is replayed; a relative one resolves against the canary file', async () => {
    const file = path.join(dir, 'login.recording.json');
    await writeFile(file, JSON.stringify(recording));
    const record = await h.run(canary({ recordingFile: file }));
    expect(record.status, record.reason).toBe('PASSED');
    expect(record.steps).toHaveLength(11);

    const ref = { path: './login.recording.json' };
    const ctx = { canaryFile: path.join(dir, 'login.canary.ts') } as unknown as BlueprintContext;
    expect(resolveRecordingFile(ref, ctx)).toEqual(readRecordingFile(file));
  });

  it('a relative recordingFile that cannot be read FAILS the run with a step saying why', async () => {
    const record = await h.run(canary({ recordingFile: './no-such.recording.json' }));
    expect(record.status).toBe('FAILED');
    expect(record.steps[0]?.name).toBe('load recording ./no-such.recording.json');
    expect(record.reason).toMatch(
      /"load recording \.\/no-such\.recording\.json": recording file not found: .*no-such\.recording\.json$/,
    );
  });
});
