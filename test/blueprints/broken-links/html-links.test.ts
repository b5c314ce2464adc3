import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHtml, parseHtml } from '../../../blueprints/broken-links/html-links.ts';
import { PagePool } from '../../../blueprints/broken-links/render.ts';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { LINKS_SITE_DIR } from '../../fixtures/site/links.ts';
import { startLinksSites, type LinksSites } from './helpers.ts';

/** Awkward but well-formed HTML: entities, base, rel lists, nested and unclosed anchors, inert and raw-text content. */
const TRICKY = `<!doctype html><html><head><base href="/sub/"><link rel="preconnect" href="//x.invalid"><link rel="DNS-Prefetch preconnect" href="//y.invalid">
<link rel="Stylesheet  alternate" href="a.css"><link href="b"><link rel="icon" href="data:,"></head>
<body><a href="one.html" title="T">  Hello&nbsp;&amp;
   <b>world</b> <img alt="im"></a> <a href="two.html"><img src="i.png" alt=" pic "></a> <a href="img"><img src="z.png" alt></a>
<a href=three aria-label="lab">  </a><a href="four" title=" titled "></a><a name="anc"></a><div id="d1"><a href="x">outer<a href="y">inner</a> after</div>
<template><a href="tpl.html">t</a><div id="tid"></div><img src="tpl.png"></template><iframe><a href="ifr">i</a></iframe>
<a href="dup" href="dup2">d</a><table><tr><td><a href="cell">c</td><td>d</td></tr></table><A HREF="UPPER">U</A>
<svg><a href="svglink"><text>svg text</text></a></svg><a href=" spaced.html ">  lots    of
 text ${'word '.repeat(40)}</a><a href="q?a=1&b=2&amp;c=3">&lt;tag&gt; &#x41;&copy</a><base href="/other/">
<a href="nest"><span>in <em>em</em></span> tail</a><a href="mailto:x@example.invalid">mail</a><a href="">empty</a><a href="#frag">f</a>
<script src="/s.js" type="application/ld+json"></script></body></html>`;

let sites: LinksSites;
let browser: BrowserPool;
let context: BrowserContext;
let pool: PagePool;

beforeAll(async () => {
  sites = await startLinksSites();
  sites.main.app.get('/t/tricky.html', (_req, res) => void res.type('html').send(TRICKY));
  browser = new BrowserPool();
  context = await (await browser.acquire()).createBrowserContext();
  pool = new PagePool(context, { size: 2, timeoutMs: 10_000, waitUntil: 'load', anchors: true });
});
afterAll(async () => {
  pool?.close();
  await context?.close();
  await browser?.close();
  await sites?.close();
});

/** All .html paths of the links fixture. */
async function fixturePages(dir = LINKS_SITE_DIR): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await fixturePages(full)));
    else if (e.name.endsWith('.html')) out.push(`/${path.relative(LINKS_SITE_DIR, full).split(path.sep).join('/')}`);
  }
  return out.sort();
}

describe('reading links from HTML without a browser', () => {
  it('gives what the rendered DOM gives, link for link (text, element, order, base, ids), where no script changes them', async () => {
    const paths = [...(await fixturePages()), '/t/tricky.html'];
    const scripted: string[] = [];
    for (const p of paths) {
      const url = `${sites.main.baseUrl}${p}`;
      const html = await (await fetch(url)).text();
      const parsed = parseHtml(html, url, true);
      if (parsed.scripted !== undefined) scripted.push(p);
      // These two pages' scripts add a link and an id: only a browser sees them.
      if (p === '/spa/index.html' || p === '/frag/target.html') continue;
      const rendered = await pool.render(url);
      expect({ page: p, base: parsed.base, links: parsed.links, anchors: parsed.anchors }).toEqual({
        page: p,
        ...rendered,
      });
    }
    expect(scripted).toEqual([
      '/docs/faq.html',
      '/frag/target.html',
      '/index.html',
      '/spa/index.html',
      '/t/tricky.html',
    ]);
  });

  it('says why a page could need rendering', () => {
    const why = (body: string) => parseHtml(`<!doctype html><body>${body}</body>`, 'http://a.test/', false).scripted;
    expect(why('<p><a href="x">plain</a></p>')).toBeUndefined();
    expect(
      why('<script type="application/ld+json">{}</script><script type="text/template"><a href=x></a></script>'),
    ).toBeUndefined();
    expect(why('<script>1</script>')).toBe('an inline <script>');
    expect(why('<script src="/app.js" type="text/javascript"></script>')).toBe('<script src="/app.js">');
    expect(why('<script type="module">1</script>')).toBe('an inline <script>');
    expect(why('<noscript><a href="x">x</a></noscript>')).toBe('a <noscript>');
    expect(why('<template><p>t</p></template>')).toBe('a <template>');
    expect(why('<button onclick="go()">go</button>')).toBe('an onclick= attribute on <button>');
  });

  it('decodes the body by its charset (header, then <meta>) and undoes a gzip the server sent unasked', () => {
    const latin1 = Buffer.from('<a href="caf\u00e9.html">Caf\u00e9</a>', 'latin1');
    expect(decodeHtml({ bytes: latin1, contentType: 'text/html; charset=ISO-8859-1' })).toContain('café.html');
    expect(decodeHtml({ bytes: Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1]) })).toContain(
      'Café',
    );
    expect(decodeHtml({ bytes: Buffer.from('<a href="é">é</a>'), contentType: 'text/html' })).toBe('<a href="é">é</a>');
    expect(
      decodeHtml({ bytes: gzipSync('<a href="z">z</a>'), contentType: 'text/html', contentEncoding: 'gzip' }),
    ).toBe('<a href="z">z</a>');
  });
});
