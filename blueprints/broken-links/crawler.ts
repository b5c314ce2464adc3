import type { HttpOutcome } from './http-check.ts';
import type { PageBody } from './html-links.ts';
import { RenderError, type FoundLink, type RenderedPage } from './render.ts';
import { Fifo } from './fifo.ts';
import { Referrers } from './referrers.ts';
import { isHtml, resolveLink, targetFragment, withoutFragment } from './url-rules.ts';

/** One broken link, as reported in the run's details. */
export interface BrokenLink {
  /** The link's URL (with its fragment when the fragment is what is broken). */
  url: string;
  /** The page that links to it (first seen); null for the start URL. */
  parent: string | null;
  /** `<a href>`, `<img src>`… */
  element: string;
  /** An anchor's text. */
  text?: string;
  status?: number;
  error?: string;
  /** Other pages that link to it, in the order found (with `parent`, up to MAX_REFERRERS = 1,000 pages). */
  alsoOn?: string[];
  /** How many pages link to it, `parent` included (also past the cap); present with `alsoOn`. */
  referrerCount?: number;
}

/** A crawled page's links, and how they were read. */
export interface LoadedPage extends RenderedPage {
  /** `browser`: rendered in Chromium; `html`: parsed from the HTML the server sent. */
  via: 'browser' | 'html';
}

export interface CrawlOptions {
  start: string;
  /** Origins whose HTML pages are read and crawled. */
  origins: ReadonlySet<string>;
  maxLinks: number;
  maxDepth: number;
  /** HTTP checks at once. */
  concurrency: number;
  /** Pages read at once (the page pool may hold renders back further). */
  pageConcurrency: number;
  checkExternal: boolean;
  checkFragments: boolean;
  skip: (url: URL) => boolean;
  isBroken: (status: number) => boolean;
  /** `keepHtml`: the URL may be a page to crawl; GET it and keep an HTML body (see pageBodies). */
  check: (url: string, signal: AbortSignal, keepHtml: boolean) => Promise<HttpOutcome>;
  /** Check links that may be pages with keepHtml, so a page is fetched once and read from its check's body. */
  pageBodies: boolean;
  /** Reads a page's links, from `body` when the check kept it. Throws RenderError for the site's failures; anything else stops the crawl. */
  load: (url: string, body: PageBody | undefined) => Promise<LoadedPage>;
  /** Stops the crawl (deadline): it resolves at once with what it has, `timedOut: true`. */
  signal: AbortSignal;
  onProgress?: (checked: number, queued: number) => void;
}

export interface CrawlReport {
  brokenLinks: BrokenLink[];
  /** URLs checked over HTTP (each once). */
  linksChecked: number;
  pagesCrawled: number;
  /** Distinct URLs skipped by `skip`, or external ones when checkExternal is false. */
  linksSkipped: number;
  /** Distinct URLs found but not checked: past maxLinks, or still queued at the deadline. */
  linksNotChecked: number;
  /** Pages of pagesCrawled that were rendered in Chromium (the others were read from their HTML). */
  pagesRendered: number;
  truncated: boolean;
  timedOut: boolean;
  renderErrors: Array<{ url: string; error: string }>;
  /** The start URL's check; `problem` says why it was not crawled. */
  start: { status?: number; crawled: boolean; problem?: string };
}

interface Entry {
  url: string;
  depth: number;
  parent: string | null;
  element: string;
  text?: string;
  referrers: Referrers;
  /** A link that may be a page of the crawl: `<a href>` (or the start URL) on a crawled origin. */
  maybePage: boolean;
  outcome?: HttpOutcome;
}

interface PageJob {
  entry: Entry;
  url: string;
  body?: PageBody;
}

interface FragmentRef {
  key: string;
  href: string;
  fragment: string;
  parent: string;
  link: FoundLink;
  referrers: Referrers;
}

/** Crawls from `start`: every link found is checked once over HTTP; in-scope HTML pages are read and crawled. */
export function crawl(o: CrawlOptions): Promise<CrawlReport> {
  const entries = new Map<string, Entry>();
  // Links that may be pages are checked first, so reading pages (rendering is the slow part) never waits behind asset checks.
  const pageQueue = new Fifo<Entry>();
  const queue = new Fifo<Entry>();
  const renders = new Fifo<PageJob>();
  const skipped = new Set<string>();
  const overflow = new Set<string>();
  const pageOf = new Map<string, string>();
  const anchors = new Map<string, Set<string>>();
  const fragments = new Map<string, FragmentRef>();
  const renderErrors: CrawlReport['renderErrors'] = [];
  const crawled = new Set<string>();
  const renderedOk = new Set<string>();
  let pagesRendered = 0;
  const startKey = withoutFragment(new URL(o.start));
  let checking = 0;
  let rendering = 0;
  let checked = 0;
  let finished = false;

  const queueRender = (entry: Entry, page: string, body?: PageBody): void => {
    if (entry.depth > o.maxDepth || crawled.has(page)) return;
    crawled.add(page);
    renders.push(body ? { entry, url: page, body } : { entry, url: page });
  };

  const broken = (out: HttpOutcome | undefined): boolean =>
    !!out && (out.error !== undefined || (out.status !== undefined && o.isBroken(out.status)));

  const add = (url: URL, parent: string | null, link: FoundLink, depth: number): void => {
    const key = withoutFragment(url);
    const fragment = o.checkFragments && parent !== null ? targetFragment(url) : undefined;
    if (fragment !== undefined && parent !== null && o.origins.has(url.origin)) {
      const ref = fragments.get(url.href);
      if (ref) ref.referrers.add(parent);
      else fragments.set(url.href, { key, href: url.href, fragment, parent, link, referrers: new Referrers(parent) });
    }
    const seen = entries.get(key);
    if (seen) {
      if (parent !== null && parent !== key && !(seen.outcome && !broken(seen.outcome))) seen.referrers.add(parent);
      if (depth < seen.depth) {
        // A shorter path to it: it may now be within maxDepth.
        seen.depth = depth;
        const page = pageOf.get(key);
        if (page !== undefined) queueRender(seen, page);
      }
      return;
    }
    if (entries.size >= o.maxLinks) return void overflow.add(key);
    const maybePage = o.origins.has(url.origin) && (link.element === '<a href>' || parent === null);
    const entry: Entry = {
      url: key,
      depth,
      parent,
      element: link.element,
      referrers: new Referrers(parent),
      maybePage,
      ...(link.text ? { text: link.text } : {}),
    };
    entries.set(key, entry);
    (maybePage ? pageQueue : queue).push(entry);
  };

  const discover = (page: RenderedPage, parent: string, depth: number): void => {
    for (const link of page.links) {
      const url = resolveLink(link.raw, page.base);
      if (!url) continue; // mailto:, tel:, javascript:, data:…
      if (o.skip(url) || (!o.checkExternal && !o.origins.has(url.origin))) skipped.add(withoutFragment(url));
      else add(url, parent, link, depth);
    }
  };

  return new Promise<CrawlReport>((resolve, reject) => {
    const fail = (err: unknown): void => {
      if (finished) return;
      finished = true;
      reject(err);
    };

    const check = async (entry: Entry): Promise<void> => {
      checking++;
      try {
        const { page: body, ...out } = await o.check(
          entry.url,
          o.signal,
          o.pageBodies && entry.maybePage && entry.depth <= o.maxDepth,
        );
        if (finished) return;
        entry.outcome = out; // without the body: entries live as long as the crawl
        checked++;
        if (!broken(out)) entry.referrers.release();
        if (!broken(out) && isHtml(out.contentType) && o.origins.has(new URL(entry.url).origin)) {
          const page = withoutFragment(new URL(out.finalUrl));
          if (o.origins.has(new URL(page).origin)) {
            pageOf.set(entry.url, page);
            queueRender(entry, page, body);
          }
        }
        o.onProgress?.(checked, entries.size);
      } catch (err) {
        if (!o.signal.aborted) fail(err);
      } finally {
        checking--;
        pump();
      }
    };

    const render = async ({ entry, url, body }: PageJob): Promise<void> => {
      rendering++;
      try {
        const page = await o.load(url, body);
        if (finished) return;
        renderedOk.add(url);
        if (page.via === 'browser') pagesRendered++;
        if (page.anchors) anchors.set(url, new Set(page.anchors));
        discover(page, url, entry.depth + 1);
      } catch (err) {
        if (finished) return;
        if (err instanceof RenderError) renderErrors.push({ url, error: err.message });
        else fail(err);
      } finally {
        rendering--;
        pump();
      }
    };

    const pump = (): void => {
      if (finished) return;
      if (!o.signal.aborted) {
        for (let e; checking < o.concurrency && (e = pageQueue.shift() ?? queue.shift());) void check(e);
        for (let r; rendering < o.pageConcurrency && (r = renders.shift());) void render(r);
        if (checking > 0 || rendering > 0 || pageQueue.size > 0 || queue.size > 0 || renders.size > 0) return;
      }
      finished = true;
      o.signal.removeEventListener('abort', pump);
      resolve(report());
    };

    const report = (): CrawlReport => {
      const list: BrokenLink[] = [];
      for (const e of entries.values()) {
        if (!broken(e.outcome) || !e.outcome) continue;
        const { status, error } = e.outcome;
        list.push({
          url: e.url,
          parent: e.parent,
          element: e.element,
          ...(e.text ? { text: e.text } : {}),
          ...(status === undefined ? {} : { status }),
          ...(error === undefined ? {} : { error }),
          ...referredFrom(e.referrers),
        });
      }
      for (const ref of fragments.values()) {
        const target = entries.get(ref.key);
        const ids = anchors.get(pageOf.get(ref.key) ?? ref.key);
        if (!target?.outcome || broken(target.outcome) || !ids || ids.has(ref.fragment)) continue;
        list.push({
          url: ref.href,
          parent: ref.parent,
          element: ref.link.element,
          ...(ref.link.text ? { text: ref.link.text } : {}),
          ...(target.outcome.status === undefined ? {} : { status: target.outcome.status }),
          error: `no element with id or name "${ref.fragment}" on ${ref.key}`,
          ...referredFrom(ref.referrers),
        });
      }
      list.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
      return {
        brokenLinks: list,
        linksChecked: checked,
        pagesCrawled: renderedOk.size,
        linksSkipped: skipped.size,
        linksNotChecked: overflow.size + (entries.size - checked),
        pagesRendered,
        truncated: overflow.size > 0,
        timedOut: o.signal.aborted,
        renderErrors,
        start: startReport(),
      };
    };

    const startReport = (): CrawlReport['start'] => {
      const out = entries.get(startKey)?.outcome;
      const page = pageOf.get(startKey);
      const crawledOk = page !== undefined && renderedOk.has(page);
      const problem = crawledOk
        ? undefined
        : !out
          ? 'not checked'
          : (out.error ??
            (broken(out)
              ? `HTTP ${out.status}`
              : page === undefined
                ? `not an HTML page (${out.contentType ?? 'no content type'})`
                : (renderErrors.find((r) => r.url === page)?.error ?? 'not rendered')));
      return {
        ...(out?.status === undefined ? {} : { status: out.status }),
        crawled: crawledOk,
        ...(problem === undefined ? {} : { problem }),
      };
    };

    o.signal.addEventListener('abort', pump, { once: true });
    add(new URL(o.start), null, { raw: o.start, element: 'start url' }, 0);
    pump();
  });
}

/** `alsoOn` and `referrerCount` of a broken link, when more than one page links to it. */
function referredFrom(r: Referrers): Pick<BrokenLink, 'alsoOn' | 'referrerCount'> {
  return r.alsoOn.length > 0 ? { alsoOn: [...r.alsoOn], referrerCount: r.count } : {};
}
