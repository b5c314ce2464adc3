import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, RunResult, StepResult } from '../../core/types.ts';
import { ArtifactNames } from '../kit/artifact-names.ts';
import { withBrowserSession, type BrowserSession } from '../kit/browser-session.ts';
import { errorMessage } from '../kit/error-message.ts';
import { isMachineryError, MachineryError } from '../kit/machinery-error.ts';
import { RunSecrets } from '../kit/run-secrets.ts';
import { DEFAULT_STEP_OPTIONS, StepFailure, StepRunner } from '../kit/step-runner.ts';
import { stepOptionsOf } from '../kit/step-settings.ts';
import type { ScriptContext, ScriptStep } from './context.ts';
import { scriptEnv } from './env.ts';
import { IMPLICIT_STEP, recordImplicitStep } from './implicit-step.ts';
import { scriptLog } from './log.ts';
import { scriptRequest } from './request.ts';
import type { ScriptSettings } from './settings.ts';

/**
 * tsx, which loads canary files, compiles them with esbuild's keepNames: a function the script passes to
 * `page.evaluate` may call an `__name` helper that pages do not have. This gives every document one.
 */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || function (fn) { return fn; };';

/** Default wait of the page's own calls (waitForSelector, click…); navigations get the whole canary timeout. */
const PAGE_WAIT_MS = 30_000;

/**
 * Runs the canary's script with a page, `step`, `request`, `log` and `env`.
 * - Each `step()` is a recorded step; a failed one stops the script unless `continueOnStepFailure`.
 * - An error thrown outside any step FAILS the run as a step named `script`; so does a script that ends
 *   without calling `step()` (as a PASSED step `script` covering the whole script).
 * - The canary's timeout FAILS the run, naming the step that was running.
 * - Machinery errors (browser crash, abort) reject: the runner records an ERROR.
 */
export async function runScript(ctx: BlueprintContext, settings: ScriptSettings): Promise<RunResult> {
  const started = Date.now();
  const deadline = started + ctx.timeoutMs;
  return withBrowserSession(ctx, settings.viewport ? { viewport: settings.viewport } : {}, async (session) => {
    const { page } = session;
    page.setDefaultTimeout(Math.min(PAGE_WAIT_MS, ctx.timeoutMs));
    page.setDefaultNavigationTimeout(ctx.timeoutMs);
    await page.evaluateOnNewDocument(NAME_SHIM);
    await page.evaluate(NAME_SHIM);
    const secrets = new RunSecrets(ctx.secrets);
    const { log, lines } = scriptLog(ctx.log, secrets);
    const names = new ArtifactNames();
    const artifacts: Artifact[] = [];
    // Once the run is over, a script still running (after a timeout) gets an error from its next step().
    const over = new AbortController();
    const signal = AbortSignal.any([ctx.signal, over.signal]);
    const defaults = { ...DEFAULT_STEP_OPTIONS, ...stepOptionsOf(settings.stepDefaults) };
    let lastStepEnd = started;
    const onStepEnd = (s: StepResult): void => {
      lastStepEnd = Date.now();
      ctx.onStepEnd?.(s);
    };
    const shoot = (label: string) => session.screenshot(names.next(label));
    const runner = new StepRunner({
      defaults,
      screenshot: shoot,
      log: ctx.log,
      signal,
      onStepEnd,
      assertHealthy: (cause) => session.assertHealthy(cause),
    });

    const running: Array<{ name: string; startedAt: number }> = [];
    const step: ScriptStep = async (name, fn, options) => {
      if (typeof name !== 'string' || name.trim() === '')
        throw new TypeError('step(name, fn): name must be a non-empty string');
      if (typeof fn !== 'function') throw new TypeError(`step("${name}", fn): fn must be a function`);
      const entry = { name, startedAt: Date.now() };
      running.push(entry);
      try {
        return await runner.step(name, async (handle) => fn(handle), stepOptionsOf(options));
      } finally {
        running.splice(running.indexOf(entry), 1);
      }
    };
    const api: ScriptContext = {
      page,
      step,
      log,
      signal,
      env: scriptEnv(secrets),
      request: scriptRequest(signal, () => deadline - Date.now()),
      screenshot: async (name) => void artifacts.push(await session.screenshot(names.next(String(name)))),
      canaryName: ctx.canaryName,
      runId: ctx.runId,
    };
    const failureShot = () =>
      defaults.screenshotOnStepFailure ? shoot(`${IMPLICIT_STEP}-failure`) : Promise.resolve(undefined);

    try {
      const outcome = await raceDeadline(
        Promise.resolve().then(() => settings.run.fn(api)),
        deadline,
      );
      if (outcome === 'timeout') {
        const current = running.at(-1);
        await recordImplicitStep(
          runner,
          {
            name: current?.name ?? IMPLICIT_STEP,
            startedAt: current?.startedAt ?? lastStepEnd,
            error: `timeout: the canary's ${ctx.timeoutMs / 1000} s timeout was reached ${current ? 'during this step' : 'outside any step'}`,
            screenshot: failureShot,
          },
          onStepEnd,
        );
      } else if (runner.steps.length === 0) {
        await recordImplicitStep(runner, { name: IMPLICIT_STEP, startedAt: started }, onStepEnd);
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) {
        if (isMachineryError(err) || ctx.signal.aborted) throw err;
        session.assertHealthy(err);
        // Thrown by the script's own code, outside any step: the site (or the script) misbehaved.
        await recordImplicitStep(
          runner,
          { name: IMPLICIT_STEP, startedAt: lastStepEnd, error: errorMessage(err), screenshot: failureShot },
          onStepEnd,
        );
      }
    } finally {
      over.abort(new MachineryError('the run is over: step() called after the script ended or timed out'));
    }
    // Snapshot now: a script cut short by the timeout may still finish a step later.
    const result = runner.result(details(session, lines));
    return { ...result, steps: [...result.steps], artifacts: [...result.artifacts, ...artifacts] };
  });
}

function details(session: BrowserSession, lines: readonly unknown[]): Record<string, unknown> {
  return {
    finalUrl: session.page.isClosed() ? null : session.page.url(),
    consoleErrors: [...session.consoleErrors],
    ...(lines.length ? { logs: [...lines] } : {}),
  };
}

/** Resolves 'done' when the script ends, 'timeout' at the deadline; rejects with the script's error. */
async function raceDeadline(script: Promise<unknown>, deadline: number): Promise<'done' | 'timeout'> {
  script.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([script.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
