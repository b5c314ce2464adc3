import { LinkChecker, LinkState } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REFERRERS, Referrers } from '../../../blueprints/broken-links/referrers.ts';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { addPage, runBrokenLinks, startLinksSites, type LinksSites } from './helpers.ts';

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

interface Listed {
  url: string;
  parent: string | null;
  alsoOn?: string[];
  referrerCount?: number;
}

describe('broken-links: every page that links to a broken URL is listed', () => {
  it('20 pages linking to one broken URL: all 20 listed, as linkinator lists them', async () => {
    const gone = `${sites.main.baseUrl}/many/gone.html`;
    const pages = Array.from({ length: 20 }, (_, i) =>
      // Each page links to the broken URL twice (and to itself): it is still one referring page.
      addPage(
        sites,
        `/many/p${i + 1}.html`,
        `<a href="gone.html">gone</a> <a href="p${i + 1}.html">self</a> <a href="/many/gone.html">again</a>`,
      ),
    );
    const start = addPage(
      sites,
      '/many/',
      pages.map((p, i) => `<a href="${p}">page ${i + 1}</a>`).join(' ') + ' <a href="gone.html#top">gone too</a>',
    );
    const { links } = await new LinkChecker().check({ path: start, recurse: true, concurrency: 8, timeout: 10_000 });
    const theirs = [...new Set(links.filter((l) => l.state === LinkState.BROKEN).map((l) => l.parent))].sort();
    expect(theirs).toEqual([start, ...pages].sort());

    for (const render of ['auto', 'always'] as const) {
      const { broken, result } = await runBrokenLinks(pool, { url: start, render, maxBrokenLinks: 0 });
      expect(broken).toEqual([gone]);
      const [link] = result.details.brokenLinks as Listed[];
      const listed = [link?.parent, ...(link?.alsoOn ?? [])];
      expect(listed.sort(), render).toEqual(theirs);
      expect(new Set(listed).size).toBe(21);
      expect(link?.referrerCount).toBe(21);
      expect(result.reason).toMatch(new RegExp(`${gone} \\(HTTP 404 on \\S+ and 20 more pages\\)`));
    }
  });

  it('broken fragments list their referring pages too', async () => {
    const target = addPage(sites, '/frags/target.html', '<h1 id="here">here</h1>');
    const pages = Array.from({ length: 8 }, (_, i) =>
      addPage(sites, `/frags/p${i}.html`, `<a href="target.html#nowhere">bad</a> <a href="target.html#here">ok</a>`),
    );
    const start = addPage(sites, '/frags/', pages.map((p) => `<a href="${p}">p</a>`).join(' '));
    const { broken, result } = await runBrokenLinks(pool, { url: start, checkFragments: true });
    expect(broken).toEqual([`${target}#nowhere`]);
    const [link] = result.details.brokenLinks as Listed[];
    expect([link?.parent, ...(link?.alsoOn ?? [])].sort()).toEqual([...pages].sort());
    expect(link?.referrerCount).toBe(8);
  });

  it(`lists up to ${MAX_REFERRERS} pages and counts them all`, () => {
    const r = new Referrers('p0');
    for (let i = 1; i < 1500; i++) {
      r.add(`p${i}`);
      r.add(`p${i}`); // the same page linking twice
    }
    r.add('p0');
    expect(r.count).toBe(1500);
    expect(r.alsoOn).toHaveLength(MAX_REFERRERS - 1);
    expect(r.alsoOn[0]).toBe('p1');
    expect(r.alsoOn.at(-1)).toBe(`p${MAX_REFERRERS - 1}`);
    r.release();
    expect(r.alsoOn).toEqual([]);
  });
});
