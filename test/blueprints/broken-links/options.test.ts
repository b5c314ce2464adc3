import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenLinks } from '../../../blueprints/broken-links/index.ts';
import { PROGRESS_EVERY_MS } from '../../../blueprints/broken-links/run.ts';
import { parseSchedule } from '../../../core/schedule.ts';
import { executeRun } from '../../../runner/execute-run.ts';
import { closedPort } from '../../support/closed-port.ts';
import { addPage, runBrokenLinks, startLinksSites, type LinksSites } from './helpers.ts';

let sites: LinksSites;
let pool: BrowserPool;
let base: string;

const page = (path: string, html: string): string => addPage(sites, path, html);
/** Timers may fire up to a few ms early as the wall clock sees it. */
const TIMER_SLACK_MS = 5;

beforeAll(async () => {
  sites = await startLinksSites();
  base = sites.main.baseUrl;
  pool = new BrowserPool();
  await pool.acquire();
});
afterAll(async () => {
  await pool?.close();
  await sites?.close();
});

describe('broken-links options', () => {
  it('maxLinks caps the URLs checked and says how many were left', async () => {
    const { result } = await runBrokenLinks(pool, { url: `${base}/`, maxLinks: 10, maxBrokenLinks: 100 });
    expect(result.status).toBe('PASSED');
    expect(result.details).toMatchObject({ linksChecked: 10, truncated: true });
    expect(result.details.linksNotChecked).toBeGreaterThan(0);
    expect(result.reason).toMatch(
      /^10 links checked on \d+ pages, \d+ broken \(max 100\) \(stopped at maxLinks 10; \d+ more not checked\)$/,
    );
  });

  it('skip takes globs and regexes; skipped URLs are neither checked nor crawled', async () => {
    const { broken, result } = await runBrokenLinks(pool, {
      url: `${base}/`,
      skip: [`${base}/blog/**`, '/missing\\.(png|js)$/', '^http://127\\.0\\.0\\.2'],
    });
    expect(broken).not.toContain(`${base}/blog/2023/old-post.html`);
    expect(broken).not.toContain(`${base}/img/missing.png`);
    expect(broken).not.toContain(`${base}/js/missing.js`);
    expect(broken.some((u) => u.startsWith('http://127.0.0.2'))).toBe(false);
    expect(broken).toContain(`${base}/css/missing.css`);
    expect(result.details.linksSkipped).toBeGreaterThanOrEqual(5);
    expect(sites.main.hits.get('/blog/2024/launch.html') ?? 0).toBe(0);
  });

  it('allowStatus and brokenStatus set which statuses are broken', async () => {
    const start = page(
      '/t/statuses.html',
      '<a href="/private/report.html">401</a> <a href="/server-error">500</a> <a href="/docs/missing.html">404</a>',
    );
    expect((await runBrokenLinks(pool, { url: start })).broken).toEqual([
      `${base}/docs/missing.html`,
      `${base}/private/report.html`,
      `${base}/server-error`,
    ]);
    expect((await runBrokenLinks(pool, { url: start, allowStatus: [401] })).broken).toEqual([
      `${base}/docs/missing.html`,
      `${base}/server-error`,
    ]);
    expect((await runBrokenLinks(pool, { url: start, brokenStatus: 500 })).broken).toEqual([`${base}/server-error`]);
    const lenient = await runBrokenLinks(pool, { url: start, brokenStatus: 500, allowStatus: [500] });
    expect(lenient.broken).toEqual([]);
    expect(lenient.result.status).toBe('PASSED');
  });

  it('retries a 429 as its Retry-After says (seconds or HTTP date), then reports what stays 429', async () => {
    // The server itself judges the wait: a retry that comes before its Retry-After gets another 429.
    let allowedAt: number | undefined;
    sites.main.app.get('/t/rate/strict', (_req, res) => {
      const now = Date.now();
      if (allowedAt === undefined || now < allowedAt - TIMER_SLACK_MS) {
        allowedAt ??= now + 1_000;
        res.status(429).set('retry-after', '1').type('text').send('slow down');
      } else res.type('text').send('ok');
    });
    const start = page(
      '/t/rate.html',
      '<a href="/rate/seconds">s</a> <a href="/rate/date">d</a> <a href="/rate/always">a</a> <a href="/t/rate/strict">t</a>',
    );
    const { broken, result } = await runBrokenLinks(pool, { url: start });
    expect(broken).toEqual([`${base}/rate/always`]);
    expect(result.details.brokenLinks).toEqual([expect.objectContaining({ status: 429, text: 'a' })]);
    expect(sites.main.hits.get('/rate/seconds')).toBe(2);
    expect(sites.main.hits.get('/rate/always')).toBe(3); // the first try and maxRetries (2) retries
    expect(sites.main.hits.get('/t/rate/strict')).toBe(2); // waited as Retry-After said: the one retry was accepted
    // maxRetryAfterSeconds caps the wait, whatever the server asks: uncapped, the 30 s wait would outlast the
    // 10 s canary timeout and the crawl would time out.
    const capped = page('/t/rate2.html', '<a href="/rate/long">asks for 30 s</a>');
    const again = await runBrokenLinks(pool, { url: capped, maxRetryAfterSeconds: 0.1 }, 10_000);
    expect(again.broken).toEqual([]);
    expect(again.result.details.timedOut).toBe(false);
    expect(sites.main.hits.get('/rate/long')).toBe(2); // 429, then 200 after 0.1 s
  });

  it('checkExternal: false skips links to other origins; origins lists more origins to crawl', async () => {
    const before = sites.other.hits.size;
    const { broken, result } = await runBrokenLinks(pool, { url: `${base}/`, checkExternal: false });
    expect(broken.some((u) => u.startsWith(sites.other.baseUrl))).toBe(false);
    expect(broken).toHaveLength(10);
    expect(result.details.linksSkipped).toBe(2);
    expect(sites.other.hits.size).toBe(before);

    const start = page('/t/two-origins.html', `<a href="${sites.other.baseUrl}/ok.html">partner</a>`);
    const crawled = await runBrokenLinks(pool, { url: start, origins: [sites.other.baseUrl] });
    expect(crawled.result.details.pagesCrawled).toBe(2);
  });

  it('checkFragments checks #fragments against ids and a[name]s of the rendered target', async () => {
    const start = `${base}/frag/index.html`;
    const { result, broken } = await runBrokenLinks(pool, { url: start, checkFragments: true });
    expect(broken).toEqual([`${base}/frag/index.html#absent`, `${base}/frag/target.html#nowhere`]);
    expect(result.details.brokenLinks).toContainEqual({
      url: `${base}/frag/target.html#nowhere`,
      parent: start,
      element: '<a href>',
      text: 'Other page, missing',
      status: 200,
      error: `no element with id or name "nowhere" on ${base}/frag/target.html`,
    });
    expect((await runBrokenLinks(pool, { url: start })).broken).toEqual([]);
  });

  it('a link that does not answer within linkTimeoutMs is broken', async () => {
    const start = page('/t/slow.html', '<a href="/slow">slow</a> <a href="/css/site.css">ok</a>');
    const { result } = await runBrokenLinks(pool, { url: start, linkTimeoutMs: 1_000 });
    expect(result.details.brokenLinks).toEqual([
      { url: `${base}/slow`, parent: start, element: '<a href>', text: 'slow', error: 'timeout after 1000 ms' },
    ]);
  });

  it('a network error is broken', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/x.png`;
    const start = page('/t/refused.html', `<img src="${refused}">`);
    const { result } = await runBrokenLinks(pool, { url: start });
    expect(result.details.brokenLinks).toEqual([
      { url: refused, parent: start, element: '<img src>', error: expect.stringMatching(/ECONNREFUSED/) },
    ]);
  });

  it('passes while the broken links are at most maxBrokenLinks', async () => {
    const { result } = await runBrokenLinks(pool, { url: `${base}/`, maxBrokenLinks: 11 });
    expect(result.status).toBe('PASSED');
    expect(result.metrics?.[0]?.value).toBe(11);
    expect(result.reason).toMatch(/^\d+ links checked on \d+ pages, 11 broken \(max 11\)$/);
  });

  it('maxDepth limits how far pages are crawled', async () => {
    const { result } = await runBrokenLinks(pool, { url: `${base}/`, maxDepth: 0, maxBrokenLinks: 100 });
    expect(result.details.pagesCrawled).toBe(1);
    expect(result.details.linksChecked).toBe(13); // the start page and the 12 other distinct URLs it links to
  });

  it('fails the crawl step when the start page is broken, and reports it', async () => {
    const url = `${base}/no-such-page.html`;
    const { result } = await runBrokenLinks(pool, { url });
    expect(result.status).toBe('FAILED');
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['crawl', 'FAILED'],
      ['check', 'FAILED'],
    ]);
    expect(result.reason).toBe(
      `step "crawl" failed: could not crawl the start page ${url}: HTTP 404 (and 1 more failed step)`,
    );
    expect(result.details.brokenLinks).toEqual([{ url, parent: null, element: 'start url', status: 404 }]);
  });

  it('stops at the canary timeout with what it found', async () => {
    const links = Array.from({ length: 20 }, (_, i) => `<a href="/slow?i=${i}">${i}</a>`).join(' ');
    const start = page('/t/many-slow.html', links);
    // Through the runner: a crawl that outstayed its timeout by HARD_DEADLINE_GRACE_MS would be killed (ERROR).
    const dataDir = await mkdtemp(join(tmpdir(), 'canarykit-links-timeout-'));
    try {
      const record = await executeRun({
        canary: {
          name: 'links-timeout',
          blueprint: 'broken-links',
          schedule: parseSchedule('once'),
          timeoutMs: 2_000,
          settings: brokenLinks.settings.parse({ url: start, concurrency: 2 }),
          alarms: [],
          tags: {},
          file: 'canaries/links-timeout.canary.ts',
          absFile: join(dataDir, 'links-timeout.canary.ts'),
          hash: 'links-timeout',
        },
        runId: 'run-links-timeout',
        attempt: 1,
        dataDir,
        browser: pool,
      });
      expect(record.status, record.reason).toBe('FAILED');
      expect(record.steps[0]?.error).toMatch(/^timed out after 2 s: \d+ links checked, \d+ not checked$/);
      expect(record.details.timedOut).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reports progress at most every 500 ms on a long crawl', async () => {
    const links = Array.from({ length: 40 }, (_, i) => `<a href="/rate/seconds?p=${i}">${i}</a>`).join(' ');
    const start = page('/t/progress.html', links);
    const { progress, progressAt } = await runBrokenLinks(pool, {
      url: start,
      concurrency: 4,
      maxRetryAfterSeconds: 0.3,
    });
    expect(progress.length).toBeGreaterThan(0);
    // A lower bound the blueprint enforces (a loaded machine only widens the gaps): never two within 500 ms.
    for (let i = 1; i < progressAt.length; i++)
      expect((progressAt[i] ?? 0) - (progressAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(
        PROGRESS_EVERY_MS - TIMER_SLACK_MS,
      );
    for (const line of progress) expect(line).toMatch(/^links checked \d+ \/ queued 41$/);
  });
});
