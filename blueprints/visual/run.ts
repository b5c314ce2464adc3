import { TimeoutError } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { Artifact, MetricDatum, RunResult } from '../../core/types.ts';
import { withBrowserSession, type BrowserSession } from '../steps/browser-session.ts';
import { StepFailure, StepRunner, type StepHandle } from '../steps/step-runner.ts';
import { readBaseline, writeBaseline, type BaselineMeta } from './baseline-store.ts';
import { compareImages, decodePng, formatPercent, toPixelRects } from './compare.ts';
import { DEFAULT_SHOT, LOAD_STEP, shotsOf, type ScreenshotSpec, type VisualSettings } from './settings.ts';
import { prepareForStableRendering, scrollToTop, selectorBoxes, stabilize } from './stabilize.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';

/** Longest wait for network idle after `load`; a page that never goes idle is captured anyway. */
const NETWORK_IDLE_CAP_MS = 10_000;

/** How one screenshot fared; feeds the run's reason and metrics. */
export interface Verdict {
  shot: string;
  ok: boolean;
  created: boolean;
  width: number;
  height: number;
  diffPercent?: number;
}

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
        await runner.step(shot.name, (h) => checkShot(ctx, s, session, shot, h, artifacts, verdicts), {
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

export async function checkShot(
  ctx: BlueprintContext,
  s: VisualSettings,
  session: BrowserSession,
  shot: ScreenshotSpec,
  h: StepHandle,
  artifacts: Artifact[],
  verdicts: Verdict[],
): Promise<void> {
  const { page } = session;
  const put = (o: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(o)) h.detail(k, v);
  };
  const label = shot.name === DEFAULT_SHOT && !shot.selector ? 'page' : `screenshot "${shot.name}"`;
  await scrollToTop(page);
  let png: Buffer;
  if (shot.selector) {
    const el = await page.$(shot.selector);
    if (!el) throw new Error(`selector ${JSON.stringify(shot.selector)} matches no element on ${page.url()}`);
    png = Buffer.from(await el.screenshot({ type: 'png' }));
  } else {
    png = Buffer.from(await page.screenshot({ type: 'png', fullPage: s.fullPage }));
  }
  const regions = [...s.ignore, ...shot.ignore];
  const sel = await selectorBoxes(
    page,
    regions.flatMap((r) => ('selector' in r ? [r.selector] : [])),
    shot.selector,
    s.fullPage,
  );
  if (sel.invalid.length > 0) throw new Error(`invalid ignore selector ${sel.invalid.join('; ')}`);
  if (sel.unmatched.length > 0) h.detail('ignoreUnmatched', sel.unmatched);

  const save = async (file: string, data: Buffer): Promise<string> => {
    const a = await session.saveArtifact(file, data, 'screenshot', 'image/png');
    artifacts.push(a);
    return a.path;
  };
  const current = await save(`${shot.name}.png`, png);
  const cur = decodePng(png);
  const { width, height } = cur;
  const ignore = toPixelRects(
    [...regions.flatMap((r) => ('selector' in r ? [] : [r])), ...sel.boxes],
    s.deviceScaleFactor,
    width,
    height,
  );
  put({ current, width, height, ignoredRegions: ignore.length });

  const baseline = await readBaseline(ctx.dataDir, ctx.canaryName, shot.name);
  if (!baseline) {
    if (s.requireBaseline) {
      verdicts.push({ shot: shot.name, ok: false, created: false, width, height });
      throw new Error(
        `no baseline for ${label} and requireBaseline is set; accept this run's screenshot with: canary baseline update ${ctx.canaryName} --step ${shot.name}`,
      );
    }
    const meta: BaselineMeta = {
      canary: ctx.canaryName,
      shot: shot.name,
      width,
      height,
      viewport: s.viewport,
      deviceScaleFactor: s.deviceScaleFactor,
      fullPage: s.fullPage,
      ...(shot.selector ? { selector: shot.selector } : {}),
      url: s.url,
      createdAt: new Date().toISOString(),
      runId: ctx.runId,
      source: 'first run',
    };
    put({ baseline: await writeBaseline(ctx.dataDir, png, meta), baselineCreated: true });
    verdicts.push({ shot: shot.name, ok: true, created: true, width, height });
    return;
  }
  if (baseline.meta)
    h.detail('baselineFrom', {
      runId: baseline.meta.runId,
      createdAt: baseline.meta.createdAt,
      source: baseline.meta.source,
    });
  const base = decodePng(baseline.png);
  if (base.width !== width || base.height !== height) {
    put({
      diffPercent: null,
      diffPixels: null,
      totalPixels: width * height,
      baseline: await save(`${shot.name}.baseline.png`, baseline.png),
      diff: null,
    });
    verdicts.push({ shot: shot.name, ok: false, created: false, width, height });
    const m = baseline.meta;
    const note =
      m &&
      (m.viewport.width !== s.viewport.width ||
        m.viewport.height !== s.viewport.height ||
        m.deviceScaleFactor !== s.deviceScaleFactor)
        ? ` (baseline taken at viewport ${m.viewport.width}×${m.viewport.height}, scale ${m.deviceScaleFactor})`
        : '';
    throw new Error(`${label} is ${width}×${height}, baseline is ${base.width}×${base.height}${note}`);
  }
  const cmp = compareImages(cur, base, { threshold: s.threshold, ignore });
  put({
    diffPercent: cmp.diffPercent,
    diffPixels: cmp.diffPixels,
    totalPixels: cmp.totalPixels,
    maxDiffPercent: s.maxDiffPercent,
  });
  const ok = cmp.diffPercent <= s.maxDiffPercent;
  verdicts.push({ shot: shot.name, ok, created: false, width, height, diffPercent: cmp.diffPercent });
  if (ok) {
    put({ baseline: baseline.relPath, diff: null });
    return;
  }
  put({
    baseline: await save(`${shot.name}.baseline.png`, baseline.png),
    diff: await save(`${shot.name}.diff.png`, cmp.diffPng),
  });
  throw new Error(
    `visual diff ${formatPercent(cmp.diffPercent)} % exceeds maxDiffPercent ${s.maxDiffPercent} % ` +
      `(${cmp.diffPixels} of ${cmp.totalPixels} pixels differ from the baseline${baseline.meta ? ` of run ${baseline.meta.runId}` : ''})`,
  );
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

/** VisualMonitoringSuccessPercent (100/0) once a screenshot was judged; VisualDiffPercent (largest) once one was compared. */
export function visualMetrics(canary: string, verdicts: readonly Verdict[]): MetricDatum[] {
  if (verdicts.length === 0) return [];
  const base = { namespace: CANARY_NAMESPACE, dimensions: { CanaryName: canary }, timestamp: Date.now() };
  const out: MetricDatum[] = [
    {
      ...base,
      metricName: 'VisualMonitoringSuccessPercent',
      value: verdicts.every((v) => v.ok) ? 100 : 0,
      unit: 'Percent',
    },
  ];
  const diffs = verdicts.flatMap((v) => (v.diffPercent === undefined ? [] : [v.diffPercent]));
  if (diffs.length > 0)
    out.push({ ...base, metricName: 'VisualDiffPercent', value: Math.max(...diffs), unit: 'Percent' });
  return out;
}
