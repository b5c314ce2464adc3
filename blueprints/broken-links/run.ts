import { setMaxListeners } from 'node:events';
import type { BrowserContext } from 'puppeteer-core';
import type { BlueprintContext } from '../../core/blueprint.ts';
import type { MetricDatum, RunResult } from '../../core/types.ts';
import { MachineryError } from '../kit/machinery-error.ts';
import { raceAbort, throwIfAborted } from '../kit/run-abort.ts';
import { StepFailure, StepRunner } from '../kit/step-runner.ts';
import { crawl, type BrokenLink, type CrawlReport, type LoadedPage } from './crawler.ts';
import { decodeHtml, parseHtml, type PageBody } from './html-links.ts';
import { sameLinks, ScriptFamilies } from './script-families.ts';
import { httpCheck, type HttpCheckOptions } from './http-check.ts';
import { PagePool, RenderError, type PagePoolOptions, type RenderedPage } from './render.ts';
import type { BrokenLinksSettings } from './settings.ts';
import { crawlOrigins, skipMatcher } from './url-rules.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';

/** Most pages rendered at once, whatever `concurrency` says. */
export const MAX_TABS = 8;
export const PROGRESS_EVERY_MS = 500;
/** Broken links listed in the `check` step's details (the run's details have them all). */
const STEP_LIST_CAP = 100;

/**
 * Crawls the site (`crawl` step), then fails the `check` step when more than maxBrokenLinks links are broken.
 * Chromium is started on the first page that must be rendered: a crawl whose pages all read as static HTML never starts it.
 */
export async function runBrokenLinks(ctx: BlueprintContext, s: BrokenLinksSettings): Promise<RunResult> {
  throwIfAborted(ctx.signal);
  const runner = new StepRunner({
    log: ctx.log,
    signal: ctx.signal,
    ...(ctx.onStepEnd ? { onStepEnd: ctx.onStepEnd } : {}),
  });
  const stop = new AbortController();
  setMaxListeners(s.concurrency * 2 + 16, stop.signal); // each check in flight listens to it
  const timer = setTimeout(() => stop.abort(new Error('crawl deadline')), Math.max(0, ctx.timeoutMs - 500));
  const browser = new LazyBrowser(ctx, {
    size: Math.min(s.concurrency, MAX_TABS),
    timeoutMs: s.linkTimeoutMs,
    waitUntil: s.waitUntil,
    anchors: s.checkFragments,
  });
  const onAbort = () => {
    stop.abort(ctx.signal.reason);
    void browser.close();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let report: CrawlReport | undefined;
  try {
    // The runner's abort ends the run at once (→ ERROR), as it does for the other browser blueprints.
    await raceAbort(
      runner.step(
        'crawl',
        async (step) => {
          let lastProgress = performance.now();
          const allowed = new Set(s.allowStatus);
          const checkOptions = (signal: AbortSignal): HttpCheckOptions => ({
            timeoutMs: s.linkTimeoutMs,
            maxRetries: s.maxRetries,
            maxRetryAfterMs: s.maxRetryAfterSeconds * 1000,
            signal,
          });
          const fetchPage = async (url: string): Promise<PageBody> => {
            const out = await httpCheck(url, { ...checkOptions(stop.signal), keepHtml: true });
            if (out.page) return out.page;
            throw new RenderError(
              `could not fetch the page: ${out.error ?? (out.status !== undefined && out.status >= 400 ? `HTTP ${out.status}` : `not an HTML page (${out.contentType ?? 'no content type'})`)}`,
            );
          };
          const families = new ScriptFamilies({ sample: s.sampleScriptedPages, recheckEvery: s.recheckEvery });
          const load = async (url: string, body: PageBody | undefined): Promise<LoadedPage> => {
            if (s.render === 'always') return { ...(await browser.render(url)), via: 'browser' };
            const page = parseHtml(decodeHtml(body ?? (await fetchPage(url))), url, s.checkFragments);
            const parsed: LoadedPage = {
              base: page.base,
              links: page.links,
              ...(page.anchors ? { anchors: page.anchors } : {}),
              via: 'html',
            };
            if (s.render === 'never' || page.scripted === undefined) return parsed;
            const signature = page.scriptSignature ?? page.scripted;
            const verdict = await families.verdict(signature);
            if (verdict === 'parse') return parsed;
            ctx.log.debug({ url, why: page.scripted, verdict }, 'page needs rendering');
            if (verdict === 'render') return { ...(await browser.render(url)), via: 'browser' };
            let agrees = false;
            try {
              const rendered = await browser.render(url);
              agrees = sameLinks(parsed, rendered);
              return { ...rendered, via: 'browser' };
            } finally {
              families.report(signature, agrees);
            }
          };
          report = await crawl({
            start: s.url,
            origins: crawlOrigins(s.url, s.origins),
            maxLinks: s.maxLinks,
            maxDepth: s.maxDepth,
            concurrency: s.concurrency,
            // Reading HTML is quick; only renders are held to the pool's tabs (which queues them).
            pageConcurrency: s.render === 'always' ? Math.min(s.concurrency, MAX_TABS) : Number.POSITIVE_INFINITY,
            checkExternal: s.checkExternal,
            checkFragments: s.checkFragments,
            skip: skipMatcher(s.skip),
            isBroken: (status) => status >= s.brokenStatus && !allowed.has(status),
            check: (url, signal, keepHtml) => httpCheck(url, { ...checkOptions(signal), keepHtml }),
            pageBodies: s.render !== 'always',
            load,
            signal: stop.signal,
            onProgress: (checked, queued) => {
              const now = performance.now();
              if (now - lastProgress < PROGRESS_EVERY_MS) return;
              lastProgress = now;
              ctx.progress(`links checked ${checked} / queued ${queued}`);
            },
          });
          const { brokenLinks, renderErrors, start, ...counts } = report;
          step.detail('summary', {
            ...counts,
            brokenLinkCount: brokenLinks.length,
            scriptFamilies: families.size,
            parsedByFamily: families.parsedByFamily,
          });
          if (renderErrors.length > 0) step.detail('renderErrors', renderErrors.slice(0, 50));
          if (counts.timedOut)
            throw new Error(
              `timed out after ${ctx.timeoutMs / 1000} s: ${counts.linksChecked} links checked, ${counts.linksNotChecked} not checked`,
            );
          if (!start.crawled)
            throw new Error(`could not crawl the start page ${s.url}: ${start.problem ?? 'unknown error'}`);
        },
        { continueOnStepFailure: true, screenshotOnStepFailure: false },
      ),
      ctx.signal,
    );
    const found = report;
    if (found) {
      await runner.step('check', async (step) => {
        step.detail('brokenLinkCount', found.brokenLinks.length);
        if (found.brokenLinks.length > 0) step.detail('brokenLinks', found.brokenLinks.slice(0, STEP_LIST_CAP));
        if (found.brokenLinks.length > s.maxBrokenLinks)
          throw new Error(describeBroken(found.brokenLinks, s.maxBrokenLinks));
      });
    }
  } catch (err) {
    if (!(err instanceof StepFailure)) throw err;
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    await browser.close();
  }
  return result(ctx, s, runner, report);
}

/** The run's Chromium, opened on the first render: an incognito context of the worker's browser, and a pool of tabs. */
class LazyBrowser {
  private pool: Promise<PagePool> | undefined;
  private context: BrowserContext | undefined;
  private closed = false;

  constructor(
    private readonly ctx: BlueprintContext,
    private readonly opts: PagePoolOptions,
  ) {}

  render(url: string): Promise<RenderedPage> {
    this.pool ??= this.open();
    return this.pool.then((pool) => pool.render(url));
  }

  /** Closes the context (idempotent); renders still waiting for a tab reject. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = await this.pool?.catch(() => undefined);
    pool?.close();
    await this.context?.close().catch(() => {});
  }

  private async open(): Promise<PagePool> {
    let context: BrowserContext;
    try {
      context = await (await this.ctx.browser.acquire()).createBrowserContext();
    } catch (err) {
      throw new MachineryError(
        `could not open a browser for the pages that need rendering: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    this.context = context;
    if (this.closed) {
      await context.close().catch(() => {});
      throw new MachineryError('the crawl is over');
    }
    return new PagePool(context, this.opts);
  }
}

function result(
  ctx: BlueprintContext,
  s: BrokenLinksSettings,
  runner: StepRunner,
  report: CrawlReport | undefined,
): RunResult {
  if (!report) return runner.result({ url: s.url });
  const { brokenLinks, renderErrors, start: _start, ...counts } = report;
  const metric: MetricDatum = {
    namespace: CANARY_NAMESPACE,
    metricName: 'BrokenLinks',
    dimensions: { CanaryName: ctx.canaryName },
    timestamp: Date.now(),
    value: brokenLinks.length,
    unit: 'Count',
  };
  const cap = counts.truncated
    ? ` (stopped at maxLinks ${s.maxLinks}; ${counts.linksNotChecked} more not checked)`
    : '';
  return runner.result(
    {
      url: s.url,
      ...counts,
      brokenLinkCount: brokenLinks.length,
      maxBrokenLinks: s.maxBrokenLinks,
      brokenLinks,
      renderErrors: renderErrors.slice(0, 50),
    },
    {
      metrics: [metric],
      passedReason: `${counts.linksChecked} links checked on ${counts.pagesCrawled} pages, ${brokenLinks.length} broken (max ${s.maxBrokenLinks})${cap}`,
    },
  );
}

/** "3 broken links (max 0): http://…/a.html (HTTP 404 on http://…/ and 19 more pages), …". */
export function describeBroken(list: readonly BrokenLink[], max: number): string {
  const on = (b: BrokenLink): string => {
    if (!b.parent) return '';
    const more = (b.referrerCount ?? 1) - 1;
    return ` on ${b.parent}${more > 0 ? ` and ${more} more page${more === 1 ? '' : 's'}` : ''}`;
  };
  const shown = list.slice(0, 3).map((b) => `${b.url} (${b.error ?? `HTTP ${b.status}`}${on(b)})`);
  const more = list.length > shown.length ? `, and ${list.length - shown.length} more` : '';
  return `${list.length} broken link${list.length === 1 ? '' : 's'} (max ${max}): ${shown.join(', ')}${more}`;
}
