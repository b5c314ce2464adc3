import { setMaxListeners } from 'node:events';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { MetricDatum, RunResult } from '../../core/types.ts';
import { withBrowserSession } from '../steps/browser-session.ts';
import { StepFailure, StepRunner } from '../steps/step-runner.ts';
import { crawl, type BrokenLink, type CrawlReport } from './crawler.ts';
import { httpCheck } from './http-check.ts';
import { PagePool } from './render.ts';
import type { BrokenLinksSettings } from './settings.ts';
import { crawlOrigins, skipMatcher } from './url-rules.ts';

/** Most pages rendered at once, whatever `concurrency` says. */
export const MAX_TABS = 8;
export const PROGRESS_EVERY_MS = 500;
/** Broken links listed in the `check` step's details (the run's details have them all). */
const STEP_LIST_CAP = 100;

/** Crawls the site (`crawl` step), then fails the `check` step when more than maxBrokenLinks links are broken. */
export async function runBrokenLinks(ctx: BlueprintContext, s: BrokenLinksSettings): Promise<RunResult> {
  const runner = new StepRunner({ log: ctx.log, signal: ctx.signal, ...(ctx.onStepEnd ? { onStepEnd: ctx.onStepEnd } : {}) });
  const stop = new AbortController();
  setMaxListeners(s.concurrency * 2 + 16, stop.signal); // each check in flight listens to it
  const timer = setTimeout(() => stop.abort(new Error('crawl deadline')), Math.max(0, ctx.timeoutMs - 500));
  const onAbort = () => stop.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let report: CrawlReport | undefined;
  try {
    await withBrowserSession(ctx, {}, (session) => runner.step('crawl', async (step) => {
      const pool = new PagePool(session.context, {
        size: Math.min(s.concurrency, MAX_TABS), timeoutMs: s.linkTimeoutMs, waitUntil: s.waitUntil, anchors: s.checkFragments,
      }, session.page);
      let lastProgress = performance.now();
      const allowed = new Set(s.allowStatus);
      report = await crawl({
        start: s.url, origins: crawlOrigins(s.url, s.origins), maxLinks: s.maxLinks, maxDepth: s.maxDepth,
        concurrency: s.concurrency, renderConcurrency: Math.min(s.concurrency, MAX_TABS),
        checkExternal: s.checkExternal, checkFragments: s.checkFragments, skip: skipMatcher(s.skip),
        isBroken: (status) => status >= s.brokenStatus && !allowed.has(status),
        check: (url, signal) => httpCheck(url, { timeoutMs: s.linkTimeoutMs, maxRetries: s.maxRetries, maxRetryAfterMs: s.maxRetryAfterSeconds * 1000, signal }),
        render: (url) => pool.render(url),
        signal: stop.signal,
        onProgress: (checked, queued) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          ctx.progress(`links checked ${checked} / queued ${queued}`);
        },
      });
      const { brokenLinks, renderErrors, start, ...counts } = report;
      step.detail('summary', { ...counts, brokenLinkCount: brokenLinks.length });
      if (renderErrors.length > 0) step.detail('renderErrors', renderErrors.slice(0, 50));
      if (counts.timedOut) throw new Error(`timed out after ${ctx.timeoutMs / 1000} s: ${counts.linksChecked} links checked, ${counts.linksNotChecked} not checked`);
      if (!start.crawled) throw new Error(`could not crawl the start page ${s.url}: ${start.problem ?? 'unknown error'}`);
    }, { continueOnStepFailure: true, screenshotOnStepFailure: false }));
    const found = report;
    if (found) {
      await runner.step('check', async (step) => {
        step.detail('brokenLinkCount', found.brokenLinks.length);
        if (found.brokenLinks.length > 0) step.detail('brokenLinks', found.brokenLinks.slice(0, STEP_LIST_CAP));
        if (found.brokenLinks.length > s.maxBrokenLinks) throw new Error(describeBroken(found.brokenLinks, s.maxBrokenLinks));
      });
    }
  } catch (err) {
    if (!(err instanceof StepFailure)) throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
  return result(ctx, s, runner, report);
}

function result(ctx: BlueprintContext, s: BrokenLinksSettings, runner: StepRunner, report: CrawlReport | undefined): RunResult {
  if (!report) return runner.result({ url: s.url });
  const { brokenLinks, renderErrors, start: _start, ...counts } = report;
  const metric: MetricDatum = {
    namespace: 'CanaryKit', metricName: 'BrokenLinks', dimensions: { CanaryName: ctx.canaryName },
    timestamp: Date.now(), value: brokenLinks.length, unit: 'Count',
  };
  const cap = counts.truncated ? ` (stopped at maxLinks ${s.maxLinks}; ${counts.linksNotChecked} more not checked)` : '';
  return runner.result(
    { url: s.url, ...counts, brokenLinkCount: brokenLinks.length, maxBrokenLinks: s.maxBrokenLinks, brokenLinks, renderErrors: renderErrors.slice(0, 50) },
    { metrics: [metric], passedReason: `${counts.linksChecked} links checked on ${counts.pagesCrawled} pages, ${brokenLinks.length} broken (max ${s.maxBrokenLinks})${cap}` },
  );
}

/** "3 broken links (max 0): http://…/a.html (HTTP 404 on http://…/), …". */
export function describeBroken(list: readonly BrokenLink[], max: number): string {
  const shown = list.slice(0, 3).map((b) => `${b.url} (${b.error ?? `HTTP ${b.status}`}${b.parent ? ` on ${b.parent}` : ''})`);
  const more = list.length > shown.length ? `, and ${list.length - shown.length} more` : '';
  return `${list.length} broken link${list.length === 1 ? '' : 's'} (max ${max}): ${shown.join(', ')}${more}`;
}
