import { LinkChecker, LinkState } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { runBrokenLinks, startLinksSites, type LinksSites } from './helpers.ts';

let sites: LinksSites;
let pool: BrowserPool;

beforeAll(async () => {
  sites = await startLinksSites();
  pool = new BrowserPool();
  await pool.acquire();
});
afterAll(async () => {
  await pool?.close();
  await sites?.close();
});

/** linkinator's broken URLs (each once), crawling from `start` with its programmatic API. */
async function linkinatorBroken(start: string): Promise<string[]> {
  const { links } = await new LinkChecker().check({ path: start, recurse: true, concurrency: 8, timeout: 10_000 });
  return [...new Set(links.filter((l) => l.state === LinkState.BROKEN).map((l) => l.url))].sort();
}

describe('broken-links: parity with linkinator on a static site', () => {
  it('finds exactly the broken URLs linkinator finds, and exactly the expected ones', async () => {
    const main = sites.main.baseUrl;
    const other = sites.other.baseUrl;
    // Both start at the origin's root: linkinator recurses into URLs under its start path on the same host,
    // which for `/` is the whole origin, as our crawl scope is.
    const ours = await runBrokenLinks(pool, { url: `${main}/`, maxLinks: 1_000 });
    const theirs = await linkinatorBroken(`${main}/`);
    const expected = [
      `${main}/blog/2023/old-post.html`, //   404, relative link from /blog/
      `${main}/css/missing.css`, //           404, <link rel="stylesheet">
      `${main}/docs/missing.html`, //         404, linked from two pages
      `${main}/docs/nope.html`, //            404, `../../nope.html` from /docs/api/v1/
      `${main}/img/missing.png`, //           404, <img src>
      `${main}/js/missing.js`, //             404, <script src>
      `${main}/moved`, //                     302 to a 404
      `${main}/private/report.html`, //       401
      `${main}/products/delta.html`, //       404, absolute link to our own origin
      `${main}/server-error`, //              500
      `${other}/missing-page.html`, //        404 on the second origin (checked, not crawled)
    ].sort();
    expect(theirs).toEqual(expected);
    expect(ours.broken).toEqual(expected);

    const { result } = ours;
    expect(result.status).toBe('FAILED');
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['crawl', 'PASSED'],
      ['check', 'FAILED'],
    ]);
    expect(result.reason).toMatch(/^step "check" failed: 11 broken links \(max 0\): /);
    expect(result.details).toMatchObject({ brokenLinkCount: 11, truncated: false, timedOut: false, linksSkipped: 0 });
    expect(result.metrics).toEqual([
      expect.objectContaining({
        namespace: 'CanaryKit',
        metricName: 'BrokenLinks',
        dimensions: { CanaryName: 'links-test' },
        value: 11,
        unit: 'Count',
      }),
    ]);
    const byUrl = new Map((result.details.brokenLinks as Array<Record<string, unknown>>).map((b) => [b.url, b]));
    expect(byUrl.get(`${main}/img/missing.png`)).toEqual({
      url: `${main}/img/missing.png`,
      parent: `${main}/docs/guide/basics.html`,
      element: '<img src>',
      status: 404,
    });
    expect(byUrl.get(`${main}/moved`)).toMatchObject({
      parent: `${main}/docs/guide/deploy.html`,
      element: '<a href>',
      text: 'Deployment checklist (moved)',
      status: 404,
    });
    expect(byUrl.get(`${main}/css/missing.css`)).toMatchObject({
      element: '<link rel="stylesheet" href>',
      parent: `${main}/help/troubleshooting.html`,
    });
    expect(byUrl.get(`${main}/docs/missing.html`)).toMatchObject({
      alsoOn: [expect.stringMatching(/\/blog\/2024\/broken-links\.html$/)],
    });
    // mailto:, tel: and javascript: links are neither checked nor reported; the second origin is not crawled.
    expect([...sites.other.hits.keys()].sort()).toEqual(['/missing-page.html', '/ok.html']);
    const checked = result.steps[1]?.details?.brokenLinks as unknown[];
    expect(checked).toHaveLength(11);
  });

  it("finds links that only exist after the page's scripts ran, which linkinator cannot", async () => {
    const start = `${sites.main.baseUrl}/spa/index.html`;
    const missing = `${sites.main.baseUrl}/spa/built-by-script-missing.html`;
    const ours = await runBrokenLinks(pool, { url: start });
    expect(ours.broken).toEqual([missing]);
    expect(ours.result.details.brokenLinks).toEqual([
      { url: missing, parent: start, element: '<a href>', text: 'Built: missing', status: 404 },
    ]);
    // linkinator parses the HTML the server sends; the script that adds the link never runs, so it sees nothing broken.
    expect(await linkinatorBroken(start)).toEqual([]);
  });
});
