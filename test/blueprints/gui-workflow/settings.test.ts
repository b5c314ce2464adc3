import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { defineCanary } from '../../../config/define.ts';
import { loadProject } from '../../../config/load-project.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import { ConfigError, formatDiagnostic, type Diagnostic } from '../../../core/diagnostics.ts';
import { ACTIONS, guiStepName, guiWorkflowSettings, type GuiStep } from '../../../blueprints/gui-workflow/index.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';

// The issue's example, verbatim: it must typecheck in a canary file and validate.
const loginFlow = defineCanary({
  name: 'login-flow',
  blueprint: 'gui-workflow',
  schedule: 'rate(5 minutes)',
  timeout: 60,
  steps: [
    { action: 'navigate', url: 'http://127.0.0.1:8000/login' },
    { action: 'type', selector: '#email', text: 'sre@example.test' },
    { action: 'type', selector: '#password', text: '{{env.SHOP_PASSWORD}}', secret: true },
    { action: 'press', key: 'Enter' },
    { action: 'waitForSelector', selector: '.dashboard' },
    { action: 'verifyText', selector: 'h1', text: 'Welcome' },
    { action: 'clickAndNavigate', selector: 'a.orders' },
    { action: 'verifySelector', selector: 'table.orders tr', visible: true },
  ],
});

const RECORDING = { title: 'login', steps: [{ type: 'navigate', url: 'http://127.0.0.1:8000/login' }] };

function problems(raw: Record<string, unknown>): string[] {
  const out: Diagnostic[] = [];
  validateCanary(
    'canaries/flow.canary.ts',
    { name: 'flow', blueprint: 'gui-workflow', schedule: 'rate(1 minute)', ...raw },
    out,
  );
  return out.map(formatDiagnostic);
}

describe('gui-workflow settings', () => {
  it('the issue example typechecks and validates', () => {
    expectTypeOf(loginFlow.blueprint).toEqualTypeOf<'gui-workflow'>();
    // prettier-ignore
    // @ts-expect-error unknown action
    defineCanary({ name: 'x', blueprint: 'gui-workflow', schedule: 'once', steps: [{ action: 'teleport', selector: '#a' }] });
    // prettier-ignore
    // @ts-expect-error a click needs a selector
    defineCanary({ name: 'x', blueprint: 'gui-workflow', schedule: 'once', steps: [{ action: 'click' }] });
    // prettier-ignore
    // @ts-expect-error verifyText's match is contains or equals
    defineCanary({ name: 'x', blueprint: 'gui-workflow', schedule: 'once', steps: [{ action: 'verifyText', selector: 'h1', text: 'a', match: 'regex' }] });
    defineCanary({
      name: 'x',
      blueprint: 'gui-workflow',
      schedule: 'once',
      recording: RECORDING,
      stepDefaults: { continueOnStepFailure: true },
    });
    defineCanary({ name: 'x', blueprint: 'gui-workflow', schedule: 'once', recordingFile: './login.recording.json' });

    const out: Diagnostic[] = [];
    const v = validateCanary('canaries/login.canary.ts', loginFlow, out);
    expect(out).toEqual([]);
    expect(v.definition).toMatchObject({ name: 'login-flow', blueprint: 'gui-workflow', timeoutMs: 60_000 });
  });

  it('names steps after their action and target, never after typed text', () => {
    const steps = guiWorkflowSettings.parse(loginFlow).steps ?? [];
    expect(steps.map((s: GuiStep) => guiStepName(s))).toEqual([
      'navigate http://127.0.0.1:8000/login',
      'type #email',
      'type #password',
      'press Enter',
      'waitForSelector .dashboard',
      'verifyText h1',
      'clickAndNavigate a.orders',
      'verifySelector table.orders tr',
    ]);
    expect(guiStepName({ action: 'screenshot', name: 'cart' })).toBe('cart');
  });

  it('reports bad steps with their place', () => {
    expect(
      problems({
        steps: [
          { action: 'navigate', url: 'ftp://x' },
          { action: 'click' },
          { action: 'teleport', selector: '#a' },
          { action: 'type', selector: 3, text: 'x' },
          { action: 'verifyText', selector: 'h1', text: 'Hi', match: 'regex', timout: 5 },
          { action: 'waitForSelector', selector: '.x', timeout: -1 },
          { selector: '#b' },
        ],
      }),
    ).toEqual([
      'canaries/flow.canary.ts › steps[0].url: url must be an absolute http:// or https:// URL (or a {{template}})',
      'canaries/flow.canary.ts › steps[1].selector: required field is missing (expected a string)',
      `canaries/flow.canary.ts › steps[2].action: unknown action: expected one of ${ACTIONS.join(', ')}, got "teleport"`,
      'canaries/flow.canary.ts › steps[3].selector: expected a string, got 3',
      'canaries/flow.canary.ts › steps[4].match: expected one of "contains", "equals", got "regex"',
      'canaries/flow.canary.ts › steps[4]: unknown field "timout"',
      'canaries/flow.canary.ts › steps[5].timeout: timeout must be > 0 ms',
      `canaries/flow.canary.ts › steps[6].action: unknown action: expected one of ${ACTIONS.join(', ')}, got nothing`,
    ]);
  });

  it('needs exactly one of steps, recording and recordingFile', () => {
    expect(problems({})).toEqual([
      'canaries/flow.canary.ts › steps: required field is missing: give steps (a list of actions), recording or recordingFile',
    ]);
    expect(problems({ steps: [{ action: 'press', key: 'Tab' }], recording: RECORDING })).toEqual([
      'canaries/flow.canary.ts › recording: give only one of steps, recording and recordingFile (got steps and recording)',
    ]);
    expect(problems({ steps: [] })).toEqual(['canaries/flow.canary.ts › steps: steps must not be empty']);
  });

  it('checks a recording at load time', () => {
    expect(problems({ recording: { steps: [] } })).toEqual([
      'canaries/flow.canary.ts › recording: not a Chrome DevTools Recorder recording: Recording is missing `title`',
    ]);
    expect(problems({ recording: { title: 't', steps: [{ type: 'click' }] } })).toEqual([
      'canaries/flow.canary.ts › recording: not a Chrome DevTools Recorder recording: steps[0]: Step does not have required selectors',
    ]);
    expect(problems({ recording: [] })[0]).toMatch(
      /recording: expected the JSON object exported by Chrome DevTools' Recorder panel/,
    );
    expect(problems({ recording: RECORDING })).toEqual([]);
  });

  describe('recordingFile', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'ck-recording-'));
      await writeFile(path.join(dir, 'ok.json'), JSON.stringify(RECORDING));
      await writeFile(path.join(dir, 'broken.json'), '{ "title": ');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('reads an absolute path or a file: URL at load time, with clear errors', () => {
      expect(problems({ recordingFile: path.join(dir, 'ok.json') })).toEqual([]);
      expect(problems({ recordingFile: pathToFileURL(path.join(dir, 'ok.json')) })).toEqual([]);
      expect(problems({ recordingFile: path.join(dir, 'missing.json') })).toEqual([
        `canaries/flow.canary.ts › recordingFile: recording file not found: ${path.join(dir, 'missing.json')}`,
      ]);
      expect(problems({ recordingFile: path.join(dir, 'broken.json') })[0]).toMatch(
        /recordingFile: recording file .*broken\.json is not JSON/,
      );
      const parsed = guiWorkflowSettings.parse({ recordingFile: path.join(dir, 'ok.json') });
      expect(parsed.recordingFile?.flow?.title).toBe('login');
    });

    it('keeps a relative path for the run', () => {
      expect(guiWorkflowSettings.parse({ recordingFile: './login.recording.json' }).recordingFile).toEqual({
        path: './login.recording.json',
      });
    });
  });

  it('reports bad steps through loadProject, with the file', async () => {
    const tmp: TempProject = await tempProject({
      'canaries/bad.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'bad-flow', blueprint: 'gui-workflow', schedule: 'rate(1 minute)',
  steps: [{ action: 'navigate', url: 'http://127.0.0.1:1/' }, { action: 'click', selector: 5 } as never, { action: 'fly' } as never] });
`,
    });
    try {
      const err = await loadProject({ cwd: tmp.dir, configOptional: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      const lines = (err as ConfigError).diagnostics.map(formatDiagnostic);
      expect(lines).toContain('canaries/bad.canary.ts › steps[1].selector: expected a string, got 5');
      expect(
        lines.some((l) =>
          l.startsWith('canaries/bad.canary.ts › steps[2].action: unknown action: expected one of navigate, click,'),
        ),
      ).toBe(true);
    } finally {
      await tmp.remove();
    }
  });
});
