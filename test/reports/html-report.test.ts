import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../core/types.ts';
import { htmlReporter } from '../../reports/html-reporter.ts';
import { BrowserPool } from '../../runner/browser/browser-pool.ts';

function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const img = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) img.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(img);
}

describe('HTML report', () => {
  let dir: string;
  const pool = new BrowserPool();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'canary-html-'));
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders status, steps, inline screenshots, the visual diff, broken links, HTTP exchanges and console errors', async () => {
    const dataDir = path.join(dir, 'data');
    const prefix = 'runs/shop/r1';
    await mkdir(path.join(dataDir, prefix), { recursive: true });
    for (const [f, c] of [
      ['screenshot.png', [40, 120, 200]],
      ['baseline.png', [200, 200, 200]],
      ['current.png', [200, 60, 60]],
      ['diff.png', [255, 0, 255]],
      ['login-failure.png', [90, 90, 90]],
    ] as const) {
      await writeFile(path.join(dataDir, prefix, f), png(320, 200, [...c]));
    }
    await writeFile(path.join(dataDir, prefix, 'page.har'), '{"log":{"entries":[]}}');
    const a = (f: string, kind: 'screenshot' | 'har' = 'screenshot') => ({
      kind,
      path: `${prefix}/${f}`,
      contentType: kind === 'har' ? 'application/json' : 'image/png',
    });
    const t = '2026-11-27T10:00:00.000Z';
    const run: RunRecord = {
      id: 'r1',
      canary: 'shop',
      blueprint: 'gui-workflow',
      status: 'FAILED',
      reason: 'step "verify" failed: expected text "Welcome" in h1, found "Sign in"',
      startedAt: t,
      endedAt: t,
      durationMs: 2345,
      worker: 'host:1',
      attempt: 1,
      steps: [
        {
          name: 'login',
          status: 'PASSED',
          startedAt: t,
          endedAt: t,
          durationMs: 640,
          details: {
            exchange: {
              method: 'POST',
              url: 'http://127.0.0.1/api/login',
              status: 200,
              requestHeaders: { authorization: '***' },
            },
          },
        },
        {
          name: 'look',
          status: 'FAILED',
          startedAt: t,
          endedAt: t,
          durationMs: 900,
          error: 'visual difference 4.20 % exceeds 0.5 %',
          details: {
            diffPercent: 4.2,
            baseline: a('baseline.png').path,
            current: a('current.png').path,
            diff: a('diff.png').path,
          },
        },
        {
          name: 'links',
          status: 'FAILED',
          startedAt: t,
          endedAt: t,
          durationMs: 500,
          error: '2 broken links',
          details: {
            brokenLinks: [
              {
                url: 'http://127.0.0.1/missing',
                parent: 'http://127.0.0.1/',
                alsoOn: ['http://127.0.0.1/a.html', 'http://127.0.0.1/b.html'],
                referrerCount: 3,
                text: 'Missing page',
                status: 404,
              },
              {
                url: 'http://127.0.0.1/x.js',
                parent: 'http://127.0.0.1/',
                element: '<script src>',
                error: 'net::ERR_CONNECTION_REFUSED',
              },
            ],
          },
        },
        {
          name: 'verify',
          status: 'FAILED',
          startedAt: t,
          endedAt: t,
          durationMs: 305,
          error: 'expected text "Welcome" in h1, found "Sign in"',
          screenshots: [a('login-failure.png')],
        },
      ],
      artifacts: [
        a('screenshot.png'),
        a('page.har', 'har'),
        a('baseline.png'),
        a('current.png'),
        a('diff.png'),
        a('login-failure.png'),
      ],
      details: { consoleErrors: ['Uncaught TypeError: x is undefined'], httpStatus: 200 },
    };
    const out = path.join(dir, 'out');
    await htmlReporter({ outDir: out, dataDir, write: () => {} }).onRunEnd?.(run);

    const browser = await pool.acquire();
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(path.join(out, 'r1.html')).href);
    const facts = await page.evaluate(() => ({
      title: document.title,
      badge: document.querySelector('header .badge')?.textContent,
      steps: document.querySelectorAll('main > table tr').length - 1,
      images: [...document.images].map((i) => ({
        alt: i.alt,
        ok: i.complete && i.naturalWidth > 0,
        inline: i.src.startsWith('data:image/png;base64,'),
      })),
      brokenRows: [...document.querySelectorAll('table')]
        .find((tb) => tb.textContent?.includes('Missing page'))
        ?.querySelectorAll('tr').length,
      text: document.body.innerText,
      har: [...document.querySelectorAll('a')].find((l) => l.textContent === 'page.har')?.getAttribute('href'),
    }));
    await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
    if (process.env.KEEP_REPORT_SCREENSHOT)
      await page.screenshot({ path: process.env.KEEP_REPORT_SCREENSHOT, fullPage: true });
    await page.close();

    expect(facts.title).toBe('FAILED · shop · canarykit');
    expect(facts.badge).toBe('FAILED');
    expect(facts.steps).toBe(4);
    expect(facts.images.map((i) => i.alt).sort()).toEqual([
      'baseline',
      'current',
      'diff',
      'login-failure.png',
      'screenshot.png',
    ]);
    expect(facts.images.every((i) => i.ok && i.inline)).toBe(true);
    expect(facts.brokenRows).toBe(3);
    expect(facts.text).toContain('2 more pages: http://127.0.0.1/a.html http://127.0.0.1/b.html');
    expect(facts.text).toContain('Difference: 4.20 %');
    expect(facts.text).toContain('Uncaught TypeError: x is undefined');
    expect(facts.text).toContain('"authorization": "***"');
    expect(facts.har).toBe('../data/runs/shop/r1/page.har');
  });
});
