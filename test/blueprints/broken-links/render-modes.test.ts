import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserProvider } from '../../../core/blueprint.ts';
import type { RunRecord } from '../../../core/types.ts';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { mountGeneratedSite } from '../../fixtures/site/links.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { tripwireChrome } from '../api/tripwire-chrome.ts';
import { addPage, runBrokenLinks, startLinksSites, type LinksSites, type RunOutcome } from './helpers.ts';

const CLI = fileURLToPath(new URL('../../../bin/canary.js', import.meta.url));
const exec = promisify(execFile);
type Mode = 'never' | 'auto' | 'always';
const MODES: readonly Mode[] = ['never', 'auto', 'always'];

/** A browser provider that counts acquire() calls: 0 means the run never asked for Chromium. */
class CountingBrowser implements BrowserProvider {
  acquired = 0;
  constructor(private readonly inner: BrowserProvider) {}
  acquire(): Promise<Browser> {
    this.acquired++;
    return this.inner.acquire();
  }
}

let sites: LinksSites;
let pool: BrowserPool;
let base: string;

const page = (path: string, html: string): string => addPage(sites, path, html);

beforeAll(async () => {
  sites = await startLinksSites();
  base = sites.main.baseUrl;
  pool = new BrowserPool();
});
afterAll(async () => {
  await pool?.close();
  await sites?.close();
});

describe('broken-links render modes', () => {
  it('never, auto and always give the same results on the static fixture; auto and never fetch each page once', async () => {
    const runs = {} as Record<Mode, RunOutcome>;
    const fetches = {} as Record<Mode, number>;
    for (const render of MODES) {
      const before = sites.main.hits.get('/docs/install.html') ?? 0;
      runs[render] = await runBrokenLinks(pool, { url: `${base}/`, maxLinks: 1_000, render });
      fetches[render] = (sites.main.hits.get('/docs/install.html') ?? 0) - before;
    }
    const { always } = runs;
    expect(always.broken).toHaveLength(11); // the parity list
    const counts = (r: RunOutcome) => {
      const { linksChecked, pagesCrawled, linksSkipped, linksNotChecked, brokenLinkCount } = r.result.details;
      return { linksChecked, pagesCrawled, linksSkipped, linksNotChecked, brokenLinkCount };
    };
    for (const render of ['never', 'auto'] as const) {
      // Broken set, parents, elements, texts, statuses and alsoOn, all of it.
      expect(runs[render].result.details.brokenLinks).toEqual(always.result.details.brokenLinks);
      expect(counts(runs[render])).toEqual(counts(always));
      expect(runs[render].result.status).toBe('FAILED');
    }
    const crawled = always.result.details.pagesCrawled as number;
    expect(always.result.details.pagesRendered).toBe(crawled);
    expect(runs.never.result.details.pagesRendered).toBe(0);
    // auto renders only the pages with a <script>: `/` and `/index.html` (site.js), /docs/faq.html (missing.js).
    expect(runs.auto.result.details.pagesRendered).toBe(3);
    // A static page: one GET (the check's body is parsed) without a browser; always: HEAD, then Chromium's GET.
    expect(fetches).toEqual({ never: 1, auto: 1, always: 2 });
  });

  it('never misses a link built by JavaScript; auto renders the page and finds it, as always does', async () => {
    const start = `${base}/spa/index.html`;
    const missing = `${base}/spa/built-by-script-missing.html`;
    const expected = [{ url: missing, parent: start, element: '<a href>', text: 'Built: missing', status: 404 }];
    const never = await runBrokenLinks(pool, { url: start, render: 'never' });
    expect(never.broken).toEqual([]);
    expect(never.result.status).toBe('PASSED');
    for (const render of ['auto', 'always'] as const) {
      const { result } = await runBrokenLinks(pool, { url: start, render });
      expect(result.details.brokenLinks).toEqual(expected);
      expect(result.details.pagesRendered).toBeGreaterThanOrEqual(1);
    }
  });

  it('checkFragments: never reads ids from the HTML (a script-built target is missing); auto renders that page', async () => {
    const start = `${base}/frag/index.html`;
    const common = [`${base}/frag/index.html#absent`, `${base}/frag/target.html#nowhere`];
    expect((await runBrokenLinks(pool, { url: start, checkFragments: true, render: 'never' })).broken).toEqual(
      [...common, `${base}/frag/target.html#built`].sort(),
    );
    const auto = await runBrokenLinks(pool, { url: start, checkFragments: true, render: 'auto' });
    const always = await runBrokenLinks(pool, { url: start, checkFragments: true, render: 'always' });
    expect(auto.broken).toEqual(common);
    expect(auto.result.details.brokenLinks).toEqual(always.result.details.brokenLinks);
    // a[name] and ids from the HTML: #legacy and #section-2 are found without a browser too.
    expect(auto.result.details).toMatchObject({ pagesCrawled: 2, pagesRendered: 1 });
  });

  it('auto renders exactly the pages whose links could depend on JavaScript', async () => {
    const start = page(
      '/t/auto/start.html',
      ['plain', 'json-ld', 'inline', 'module', 'noscript', 'template', 'onload']
        .map((p) => `<a href="${p}.html">${p}</a>`)
        .join(' '),
    );
    page('/t/auto/plain.html', '<p>No scripts at all. <a href="/docs/missing.html">missing</a></p>');
    page(
      '/t/auto/json-ld.html',
      '<script type="application/ld+json">{"@type":"WebPage"}</script><p>Data, not code.</p>',
    );
    page(
      '/t/auto/inline.html',
      '<div id="x"></div><script>document.getElementById("x").innerHTML = \'<a href="/inline-built.html">b</a>\';</script>',
    );
    page(
      '/t/auto/module.html',
      '<div id="x"></div><script type="module">document.getElementById("x").innerHTML = \'<a href="/module-built.html">b</a>\';</script>',
    );
    page('/t/auto/noscript.html', '<noscript><a href="/noscript-only.html">no js</a></noscript>');
    page('/t/auto/template.html', '<template><a href="/template-only.html">t</a></template>');
    sites.main.app.get(
      '/t/auto/onload.html',
      (_req, res) =>
        void res
          .type('html')
          .send(
            '<!doctype html><title>onload</title><body onload="document.body.innerHTML = \'<a href=/onload-built.html>o</a>\'"><p>Static text.</p></body>',
          ),
    );
    const browser = new CountingBrowser(pool);
    const auto = await runBrokenLinks(browser, { url: start, render: 'auto' });
    expect(auto.result.details).toMatchObject({ pagesCrawled: 8, pagesRendered: 5 }); // inline, module, noscript, template, onload
    expect(browser.acquired).toBe(1); // one browser for the run, opened once
    expect(auto.broken).toEqual([
      `${base}/docs/missing.html`,
      `${base}/inline-built.html`,
      `${base}/module-built.html`,
      `${base}/onload-built.html`,
    ]);
    expect((await runBrokenLinks(pool, { url: start, render: 'always' })).broken).toEqual(auto.broken);
    // Without a browser, <noscript> content is read (what a browser without JavaScript shows); <template> content never is.
    expect((await runBrokenLinks(pool, { url: start, render: 'never' })).broken).toEqual([
      `${base}/docs/missing.html`,
      `${base}/noscript-only.html`,
    ]);
  });
});

describe('broken-links on a static-only site', () => {
  let site: FixtureSite;
  let tmp: TempProject;
  let chrome: { chromePath: string; marker: string };
  beforeAll(async () => {
    site = await startFixtureSite((app) => mountGeneratedSite(app, 20, 3)); // 81 URLs, 20 broken (each page's first asset)
    tmp = await tempProject({});
    chrome = await tripwireChrome(tmp.dir);
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('auto checks it without ever asking for a browser; always does need one (the tripwire trips)', async () => {
    const tripwire = new BrowserPool({ executablePath: chrome.chromePath, launchTimeoutMs: 5_000 });
    try {
      const browser = new CountingBrowser(tripwire);
      const { result, broken } = await runBrokenLinks(browser, {
        url: `${site.baseUrl}/gen/`,
        maxLinks: 1_000,
        maxBrokenLinks: 100,
      });
      expect(result.status).toBe('PASSED');
      expect(result.details).toMatchObject({
        linksChecked: 81,
        pagesCrawled: 21,
        pagesRendered: 0,
        brokenLinkCount: 20,
      });
      expect(broken).toEqual(Array.from({ length: 20 }, (_, i) => `${site.baseUrl}/gen/a/${i}/0.png`).sort());
      expect(browser.acquired).toBe(0);
      expect(existsSync(chrome.marker)).toBe(false);
      await expect(runBrokenLinks(browser, { url: `${site.baseUrl}/gen/`, render: 'always' })).rejects.toThrow(
        /could not launch Chromium/,
      );
      expect(existsSync(chrome.marker)).toBe(true);
    } finally {
      await tripwire.close();
    }
  });

  it('through `canary run` with CHROME_PATH pointing at a tripwire: the run completes and Chromium is never started', async () => {
    const project = await tempProject({
      'canaries/static.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'static-links', blueprint: 'broken-links', url: '${site.baseUrl}/gen/', schedule: 'once', timeout: 60, maxLinks: 1000 });
`,
    });
    const wire = await tripwireChrome(project.dir);
    try {
      const out = path.join(project.dir, 'out');
      const r = await exec(
        process.execPath,
        [CLI, 'run', 'canaries/static.canary.ts', '--reporter', 'json', '--out', out],
        {
          cwd: project.dir,
          env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', CHROME_PATH: wire.chromePath, LOG_LEVEL: 'warn' },
        },
      ).then(
        (x) => ({ code: 0, ...x }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(r.code).toBe(1); // FAILED: 20 broken links, max 0
      const [file] = await readdir(out);
      const record = JSON.parse(await readFile(path.join(out, file ?? ''), 'utf8')) as RunRecord;
      expect(record.status).toBe('FAILED');
      expect(record.details).toMatchObject({
        linksChecked: 81,
        pagesCrawled: 21,
        pagesRendered: 0,
        brokenLinkCount: 20,
      });
      expect(existsSync(wire.marker)).toBe(false);
    } finally {
      await project.remove();
    }
  });
});
