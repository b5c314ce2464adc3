import type { BlueprintContext } from '../../core/blueprint.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';
import type { Artifact, MetricDatum } from '../../core/types.ts';
import { readBaseline, writeBaseline, type BaselineMeta } from './baseline-store.ts';
import type { BrowserSession } from './browser-session.ts';
import { compareImages, decodePng, formatPercent, toPixelRects } from './image-diff.ts';
import { scrollToTop, selectorBoxes } from './stable-rendering.ts';
import type { StepHandle } from './step-runner.ts';
import type { IgnoreRegion } from './visual-compare-settings.ts';

/** Name of the whole-page screenshot a visual canary takes when it names none; its reasons say "page". */
export const DEFAULT_SHOT = 'page';

/** How a screenshot is taken and judged against its baseline (the visual blueprint's settings are one). */
export interface ShotCompareSettings {
  url: string;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  fullPage: boolean;
  threshold: number;
  maxDiffPercent: number;
  ignore: readonly IgnoreRegion[];
  /** FAIL when no baseline exists instead of storing this screenshot as the baseline. */
  requireBaseline: boolean;
}

/** One screenshot: names the baseline file and the artifacts (`<name>.png`). */
export interface ShotSpec {
  name: string;
  /** Screenshot of the first element matching this selector instead of the page. */
  selector?: string | undefined;
  /** Regions ignored for this screenshot only (rectangles are relative to the screenshot). */
  ignore: readonly IgnoreRegion[];
}

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
 * Takes screenshot `shot` of the session's page and compares it with its baseline under
 * `<dataDir>/baselines/<canary>/` (pixelmatch, `ignore` regions masked); without a baseline, stores this one
 * (unless `requireBaseline`). Throws (a failed step) on a diff above `maxDiffPercent` or a size change, keeping
 * the screenshot, a copy of the baseline and a diff image (after a size change, of the larger size, with the area
 * only one image covers counted as different); every verdict is pushed to `verdicts`.
 */
export async function compareShot(
  ctx: BlueprintContext,
  s: ShotCompareSettings,
  session: BrowserSession,
  shot: ShotSpec,
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
  const cmp = compareImages(cur, base, { threshold: s.threshold, ignore });
  put({
    diffPercent: cmp.diffPercent,
    diffPixels: cmp.diffPixels,
    totalPixels: cmp.totalPixels,
    maxDiffPercent: s.maxDiffPercent,
  });
  if (base.width !== width || base.height !== height) {
    // A size change always fails; the diff image (of the larger size) shows what changed.
    put({
      baseline: await save(`${shot.name}.baseline.png`, baseline.png),
      diff: await save(`${shot.name}.diff.png`, cmp.diffPng),
    });
    verdicts.push({ shot: shot.name, ok: false, created: false, width, height, diffPercent: cmp.diffPercent });
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
