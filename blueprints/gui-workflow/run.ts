import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, RunResult, StepResult } from '../../core/types.ts';
import { withTimeout } from '../../core/with-timeout.ts';
import { ArtifactNames } from '../kit/artifact-names.ts';
import { withBrowserSession, type BrowserSession } from '../kit/browser-session.ts';
import { stabilize } from '../kit/stable-rendering.ts';
import { StepFailure, StepRunner } from '../kit/step-runner.ts';
import { stepOptionsOf } from '../kit/step-settings.ts';
import { renderTemplate } from '../kit/template.ts';
import { compareShot, visualMetrics, type ShotCompareSettings, type Verdict } from '../kit/visual-compare.ts';
import { performAction, type ActionEnv } from './actions.ts';
import { resolveRecordingFile } from './recording/resolve-recording.ts';
import { runRecording } from './recording/run-recording.ts';
import type { GuiWorkflowSettings } from './settings.ts';
import { guiStepName } from './step-name.ts';

/** A step's timeout when it sets none, in ms. */
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
/** Extra time a step's own call gets past its timeout before the step is failed regardless. */
const STEP_GRACE_MS = 2_000;

/**
 * Runs the declarative steps (or replays the Recorder flow) in a fresh incognito page. Every step is timed and
 * may screenshot; the first failure stops the run unless `continueOnStepFailure`. The reason names the failed
 * step by number: `step 6 "verifyText h1": expected text "Welcome" in h1, found "Sign in"`.
 */
export async function runGuiWorkflow(ctx: BlueprintContext, settings: GuiWorkflowSettings): Promise<RunResult> {
  const started = Date.now();
  const deadline = started + ctx.timeoutMs;
  const timeoutFor = (requested: number | undefined): number => {
    const left = deadline - Date.now();
    if (left < 1) throw new Error(`the canary's ${ctx.timeoutMs / 1000} s timeout was reached before this step`);
    return Math.min(requested ?? DEFAULT_STEP_TIMEOUT_MS, left);
  };
  const vars: Record<string, string> = {
    canaryName: ctx.canaryName,
    runId: ctx.runId,
    timestamp: String(started),
    ...settings.variables,
  };
  const render = (text: string): string => renderTemplate(text, vars, ctx.secrets);

  return withBrowserSession(ctx, settings.viewport ? { viewport: settings.viewport } : {}, async (session) => {
    const names = new ArtifactNames();
    const artifacts: Artifact[] = [];
    const numbers = new Map<StepResult, number>();
    let current = 0;
    const runner = new StepRunner({
      ...(settings.stepDefaults ? { defaults: stepOptionsOf(settings.stepDefaults) } : {}),
      screenshot: (label) => session.screenshot(names.next(label)),
      log: ctx.log,
      signal: ctx.signal,
      assertHealthy: (cause) => session.assertHealthy(cause),
      onStepEnd: (s) => {
        numbers.set(s, current);
        ctx.onStepEnd?.(s);
      },
    });
    const verdicts: Verdict[] = [];
    const compare: ActionEnv['compare'] = async (name, options, handle) => {
      const viewport = settings.viewport ?? { width: 1280, height: 800 };
      await stabilize(session.page, Math.min(5_000, timeoutFor(undefined)));
      const visual: ShotCompareSettings = {
        url: session.page.url(),
        viewport,
        deviceScaleFactor: 1,
        fullPage: options.fullPage,
        threshold: options.threshold,
        maxDiffPercent: options.maxDiffPercent,
        ignore: options.ignore,
        requireBaseline: false,
      };
      await compareShot(
        ctx,
        visual,
        session,
        { name, ignore: [], ...(options.selector ? { selector: options.selector } : {}) },
        handle,
        artifacts,
        verdicts,
      );
    };
    const screenshot = async (name: string): Promise<Artifact> => {
      const artifact = await session.screenshot(names.next(name));
      artifacts.push(artifact);
      return artifact;
    };

    try {
      if (settings.steps) {
        for (const [i, step] of settings.steps.entries()) {
          current = i + 1;
          await runner.step(
            guiStepName(step),
            async (handle) => {
              const timeoutMs = timeoutFor(step.timeout);
              const stepTimeoutMs = timeoutMs + STEP_GRACE_MS;
              await withTimeout(
                performAction(step, {
                  page: session.page,
                  timeoutMs,
                  render,
                  secrets: ctx.secrets,
                  screenshot,
                  compare,
                  handle,
                }),
                stepTimeoutMs,
                `the step did not finish within ${stepTimeoutMs} ms`,
              );
            },
            stepOptionsOf(step),
          );
        }
      } else {
        await replay(ctx, settings, session, runner, {
          timeoutFor,
          render,
          onStepStart: (n) => void (current = n),
        });
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
    }
    const result = runner.result(
      {
        finalUrl: session.page.isClosed() ? null : session.page.url(),
        consoleErrors: [...session.consoleErrors],
      },
      verdicts.length ? { metrics: visualMetrics(ctx.canaryName, verdicts) } : {},
    );
    return {
      ...result,
      reason: numberedReason(result, numbers),
      steps: [...result.steps],
      artifacts: [...result.artifacts, ...artifacts],
    };
  });
}

async function replay(
  ctx: BlueprintContext,
  settings: GuiWorkflowSettings,
  session: BrowserSession,
  runner: StepRunner,
  o: { timeoutFor(requested: number | undefined): number; render(text: string): string; onStepStart(n: number): void },
): Promise<void> {
  const flow =
    settings.recording ?? (settings.recordingFile ? await loadFlow(ctx, settings.recordingFile, runner) : undefined);
  if (!flow) return;
  await runRecording(session, flow, {
    runner,
    stepOptions: stepOptionsOf(settings.stepDefaults),
    timeoutFor: o.timeoutFor,
    render: o.render,
    addSecret: (value) => ctx.secrets.add(value),
    onStepStart: o.onStepStart,
  });
}

/** Reads a relative `recordingFile`; a missing or invalid file FAILS the run as a step `load recording <path>`. */
async function loadFlow(
  ctx: BlueprintContext,
  ref: NonNullable<GuiWorkflowSettings['recordingFile']>,
  runner: StepRunner,
) {
  try {
    return resolveRecordingFile(ref, ctx);
  } catch (err) {
    return runner.step(`load recording ${ref.path}`, () => Promise.reject(err), {
      continueOnStepFailure: false,
      screenshotOnStepFailure: false,
    });
  }
}

/** `step N "name": error`, naming the first failed step by its number. */
function numberedReason(result: RunResult, numbers: ReadonlyMap<StepResult, number>): string {
  const failed = result.steps.filter((s) => s.status !== 'PASSED');
  const first = failed[0];
  if (!first) return result.reason;
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed step${failed.length > 2 ? 's' : ''})` : '';
  const n = numbers.get(first);
  return `${n ? `step ${n} ` : 'step '}"${first.name}": ${first.error ?? 'unknown error'}${more}`;
}
