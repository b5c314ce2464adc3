import type { BrowserContext, Page, PuppeteerLifeCycleEvent } from 'puppeteer-core';
import { MachineryError, isMachineryError } from '../kit/machinery-error.ts';

/** A link as the rendered DOM has it. */
export interface FoundLink {
  /** The attribute as written (resolved later against `base`). */
  raw: string;
  /** `<a href>`, `<img src>`, `<script src>`, `<link rel="stylesheet" href>`. */
  element: string;
  /** An anchor's text (or its aria-label, title or image alt). */
  text?: string;
}

export interface RenderedPage {
  /** document.baseURI: what relative links resolve against. */
  base: string;
  links: FoundLink[];
  /** Element ids and `a[name]`s, when fragments are checked. */
  anchors?: string[];
}

/** A page that could not be rendered for a reason of the site's (timeout, net::ERR_…). */
export class RenderError extends Error {
  override name = 'RenderError';
}

/** Resource types a crawl never needs to load: the links are read from the DOM, scripts still run. */
const BLOCKED = new Set(['image', 'media', 'font', 'stylesheet']);

/**
 * Runs in the page. Passed to puppeteer as a string: a function from this module would be rewritten by
 * the TypeScript loader (helper calls that do not exist in the page).
 */
const EXTRACT = `(withAnchors) => {
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim().slice(0, 120);
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const img = a.querySelector('img[alt]');
    const text = clean(a.textContent) || clean(a.getAttribute('aria-label')) || clean(a.getAttribute('title')) || clean(img && img.getAttribute('alt'));
    links.push(text ? { raw: a.getAttribute('href'), element: '<a href>', text } : { raw: a.getAttribute('href'), element: '<a href>' });
  }
  for (const el of document.querySelectorAll('img[src]')) links.push({ raw: el.getAttribute('src'), element: '<img src>' });
  for (const el of document.querySelectorAll('script[src]')) links.push({ raw: el.getAttribute('src'), element: '<script src>' });
  for (const el of document.querySelectorAll('link[href]')) {
    const rel = (el.getAttribute('rel') || '').toLowerCase().split(/\\s+/).filter(Boolean);
    if (rel.length > 0 && rel.every((r) => r === 'preconnect' || r === 'dns-prefetch')) continue;
    links.push({ raw: el.getAttribute('href'), element: rel.length ? '<link rel="' + rel.join(' ') + '" href>' : '<link href>' });
  }
  const out = { base: document.baseURI, links };
  if (withAnchors) out.anchors = [...document.querySelectorAll('[id]')].map((e) => e.id).concat([...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')));
  return out;
}`;

export interface PagePoolOptions {
  size: number;
  timeoutMs: number;
  waitUntil: PuppeteerLifeCycleEvent;
  anchors: boolean;
}

/** Up to `size` tabs of one incognito context, reused page after page. */
export class PagePool {
  private readonly idle: Page[] = [];
  private created = 0;
  private readonly waiters: Array<{ resolve: (page: Page) => void; reject: (err: Error) => void }> = [];
  private closed = false;

  constructor(
    private readonly context: BrowserContext,
    private readonly opts: PagePoolOptions,
  ) {}

  /** Stops handing out tabs: renders waiting for one reject (the crawl is over). Closing the context is the caller's. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new MachineryError('the crawl is over'));
  }

  /** Loads `url` in a tab and reads its links. Throws RenderError for the site's failures, anything else for ours. */
  async render(url: string): Promise<RenderedPage> {
    const page = await this.take();
    try {
      return await this.load(page, url);
    } finally {
      this.give(page);
    }
  }

  private async load(page: Page, url: string): Promise<RenderedPage> {
    try {
      await page.goto(url, { waitUntil: this.opts.waitUntil, timeout: this.opts.timeoutMs });
    } catch (err) {
      this.assertHealthy(page, err);
      const message = err instanceof Error ? err.message : String(err);
      const net = /^net::ERR_[A-Z0-9_]+/.exec(message)?.[0];
      if (net) throw new RenderError(net);
      if (err instanceof Error && err.name === 'TimeoutError')
        throw new RenderError(`page did not ${this.opts.waitUntil} within ${this.opts.timeoutMs} ms`);
      throw new RenderError(`could not load the page: ${message}`);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return (await page.evaluate(`(${EXTRACT})(${this.opts.anchors})`)) as RenderedPage;
      } catch (err) {
        this.assertHealthy(page, err);
        // The page navigated again on its own (a script redirect): read the new document once it is there.
        if (attempt >= 3)
          throw new RenderError(`could not read the links: ${err instanceof Error ? err.message : String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private assertHealthy(page: Page, cause: unknown): void {
    if (!this.context.browser().connected) throw new MachineryError('browser disconnected during the crawl', { cause });
    if (page.isClosed()) throw new MachineryError('a crawl tab was closed', { cause });
    if (isMachineryError(cause) && !/Execution context was destroyed|Cannot find context/i.test(String(cause)))
      throw cause;
  }

  private async take(): Promise<Page> {
    if (this.closed) throw new MachineryError('the crawl is over');
    const page = this.idle.pop();
    if (page) return page;
    if (this.created >= this.opts.size) return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.created++;
    const fresh = await this.context.newPage();
    await this.prepare(fresh);
    return fresh;
  }

  private async prepare(page: Page): Promise<void> {
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.isInterceptResolutionHandled()) return;
      if (BLOCKED.has(req.resourceType())) void req.abort('blockedbyclient').catch(() => {});
      else void req.continue().catch(() => {});
    });
    page.on('dialog', (d) => void d.dismiss().catch(() => {}));
  }

  private give(page: Page): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(page);
    else this.idle.push(page);
  }
}
