import { TimeoutError } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, RunResult } from '../../core/types.ts';
import { withBrowserSession } from '../kit/browser-session.ts';
import { formatPercent } from '../kit/image-diff.ts';
import { prepareForStableRendering, stabilize } from '../kit/stable-rendering.ts';
import { StepFailure, StepRunner } from '../kit/step-runner.ts';
import { compareShot, visualMetrics, type Verdict } from '../kit/visual-compare.ts';
import { LOAD_STEP, shotsOf, type VisualSettings } from './settings.ts';

/** Longest wait for network idle after `load`; a page that never goes idle is captured anyway. */
const NETWORK_IDLE_CAP_MS = 10_000;

/**
 * Loads `settings.url` with deterministic rendering, takes each screenshot and compares it with its baseline
 * under `<dataDir>/baselines/<canary>/`; the first run (no baseline) stores it. FAILS on a diff above
 * `maxDiffPercent` or a size change, keeping the screenshot, a copy of the baseline and a diff image.
 */
export async function runVisual(ctx: BlueprintContext, s: VisualSettings): Promise<RunResult> {
  const deadline = Date.now() + ctx.timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  return withBrowserSession(ctx, { viewport: s.viewport, deviceScaleFactor: s.deviceScaleFactor }, async (session) => {
    const { page } = session;
    const runner = new StepRunner({
      log: ctx.log,
      signal: ctx.signal,
      assertHealthy: (cause) => session.assertHealthy(cause),
      ...(ctx.onStepEnd ? { onStepEnd: ctx.onStepEnd } : {}),
    });
    const artifacts: Artifact[] = [];
    const verdicts: Verdict[] = [];
    const details: Record<string, unknown> = {
      url: s.url,
      viewport: s.viewport,
      deviceScaleFactor: s.deviceScaleFactor,
    };
    try {
      await runner.step(LOAD_STEP, async () => {
        await prepareForStableRendering(page);
        const res = await page.goto(s.url, { waitUntil: 'load', timeout: remaining() }).catch((err: unknown) => {
          throw err instanceof TimeoutError
            ? new Error(`timeout after ${ctx.timeoutMs / 1000} s loading ${s.url}`)
            : err;
        });
        if (!res) throw new Error(`no HTTP response for ${s.url}`);
        details.httpStatus = res.status();
        details.finalUrl = res.url();
        if (res.status() >= 400) throw new Error(`HTTP ${res.status()} from ${s.url}`);
        details.networkIdle = await stabilize(page, Math.min(NETWORK_IDLE_CAP_MS, remaining()));
      });
      for (const shot of shotsOf(s)) {
        await runner.step(shot.name, (h) => compareShot(ctx, s, session, shot, h, artifacts, verdicts), {
          continueOnStepFailure: true,
        });
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
    }
    details.consoleErrors = session.consoleErrors;
    const metrics = visualMetrics(ctx.canaryName, verdicts);
    return runner.result(details, {
      artifacts,
      passedReason: passedReason(s, verdicts),
      ...(metrics.length ? { metrics } : {}),
    });
  });
}

function passedReason(s: VisualSettings, verdicts: readonly Verdict[]): string {
  const created = verdicts.filter((v) => v.created);
  const matched = verdicts.filter((v) => !v.created && v.ok);
  const parts: string[] = [];
  if (matched.length > 0) {
    const max = Math.max(...matched.map((v) => v.diffPercent ?? 0));
    const what =
      matched.length === 1
        ? `"${matched[0]?.shot}" matches its baseline`
        : `${matched.length} screenshots match their baselines`;
    parts.push(`${what}: ${formatPercent(max)} % diff (max ${s.maxDiffPercent} %)`);
  }
  if (created.length > 0) {
    parts.push(`baseline created for ${created.map((v) => `"${v.shot}" (${v.width}×${v.height})`).join(', ')}`);
  }
  return parts.join('; ') || 'no screenshots taken';
}
