import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { mountVisual, type VisualControl } from '../../fixtures/site/visual.ts';
import { metric, pngSize, setMode, shotStep, visualHarness, type VisualHarness } from './helpers.ts';

let site: FixtureSite;
let control: VisualControl;
let pool: BrowserPool;
let h: VisualHarness;
let url: string;

beforeAll(async () => {
  site = await startFixtureSite((app) => void (control = mountVisual(app)));
  url = `${site.baseUrl}/visual/`;
  pool = new BrowserPool();
  await pool.acquire();
  h = await visualHarness(pool);
});
afterAll(async () => {
  await pool?.close();
  await site?.close();
  await h?.cleanup();
});
afterEach(async () => setMode(site.baseUrl, 'normal'));

const clockIgnored = { ignore: [{ selector: '.clock' }] };

describe('visual blueprint', () => {
  it(
    'creates the baseline on the first run, then gives 0.00 % over 10 consecutive runs',
    { timeout: 180_000 },
    async () => {
      const first = await h.run('steady', { url, ...clockIgnored });
      expect(first.status, first.reason).toBe('PASSED');
      expect(first.reason).toMatch(/baseline created for "page" \(1280×\d+\)/);
      const baselineFile = path.join(h.dataDir, 'baselines/steady/page.png');
      expect(existsSync(baselineFile)).toBe(true);
      const meta = JSON.parse(await readFile(path.join(h.dataDir, 'baselines/steady/page.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(meta).toMatchObject({
        canary: 'steady',
        shot: 'page',
        viewport: { width: 1280, height: 800 },
        deviceScaleFactor: 1,
        source: 'first run',
      });
      const { height } = await pngSize(baselineFile);
      expect(height).toBeGreaterThan(800); // full page
      expect(metric(first, 'VisualMonitoringSuccessPercent')).toBe(100);
      expect(metric(first, 'VisualDiffPercent')).toBeUndefined();

      for (let i = 0; i < 10; i++) {
        const r = await h.run('steady', { url, ...clockIgnored });
        expect(r.status, r.reason).toBe('PASSED');
        expect(r.reason).toBe('"page" matches its baseline: 0.00 % diff (max 0 %)');
        expect(shotStep(r).details).toMatchObject({
          diffPercent: 0,
          diffPixels: 0,
          diff: null,
          baseline: 'baselines/steady/page.png',
        });
        expect(metric(r, 'VisualDiffPercent')).toBe(0);
        expect(metric(r, 'VisualMonitoringSuccessPercent')).toBe(100);
      }
      expect(control.hits).toBeGreaterThanOrEqual(11);
    },
  );

  it('fails without the .clock ignore (the clock really changes), passes with it', async () => {
    await h.run('clock', { url });
    const r = await h.run('clock', { url });
    expect(r.status).toBe('FAILED');
    expect(r.reason).toMatch(/^step "page" failed: visual diff [\d.]+ % exceeds maxDiffPercent 0 %/);
    expect((await h.run('clock', { url, ...clockIgnored })).status).toBe('PASSED');
  });

  it('FAILS on a layout change, with screenshot, baseline copy and diff image', async () => {
    await h.run('layout', { url, ...clockIgnored, maxDiffPercent: 0.5 });
    await setMode(site.baseUrl, 'changed');
    const r = await h.run('layout', { url, ...clockIgnored, maxDiffPercent: 0.5 });
    expect(r.status).toBe('FAILED');
    expect(r.reason).toMatch(
      /visual diff [\d.]+ % exceeds maxDiffPercent 0.5 % \(\d+ of \d+ pixels differ from the baseline of run run-/,
    );
    const d = shotStep(r).details as Record<string, unknown>;
    expect(d).toMatchObject({
      current: expect.stringMatching(/page\.png$/),
      baseline: expect.stringMatching(/page\.baseline\.png$/),
      diff: expect.stringMatching(/page\.diff\.png$/),
    });
    expect(d.diffPercent as number).toBeGreaterThan(0.5);
    expect(d.diffPixels as number).toBeGreaterThan(0);
    expect(d.totalPixels).toBe((d.width as number) * (d.height as number));
    for (const key of ['current', 'baseline', 'diff']) {
      const file = path.join(h.dataDir, d[key] as string);
      expect(existsSync(file), file).toBe(true);
      expect(await pngSize(file)).toEqual({ width: d.width, height: d.height });
    }
    expect(r.artifacts.map((a) => path.basename(a.path)).sort()).toEqual([
      'page.baseline.png',
      'page.diff.png',
      'page.png',
    ]);
    expect(metric(r, 'VisualMonitoringSuccessPercent')).toBe(0);
    expect(metric(r, 'VisualDiffPercent')).toBeCloseTo(d.diffPercent as number);
  });

  it('PASSES when the change is inside an ignore rectangle or an ignored selector', async () => {
    const rect = { url, ignore: [{ selector: '.clock' }, { x: 0, y: 0, width: 200, height: 40 }] };
    const sel = { url, ignore: [{ selector: '.clock' }, { selector: '.promo' }] };
    await h.run('rect', rect);
    await h.run('sel', sel);
    await setMode(site.baseUrl, 'corner');
    const r1 = await h.run('rect', rect);
    expect(r1.status, r1.reason).toBe('PASSED');
    expect(shotStep(r1).details).toMatchObject({ diffPixels: 0, ignoredRegions: 2 });
    expect((await h.run('rect', { url, ...clockIgnored })).status).toBe('FAILED');
    await setMode(site.baseUrl, 'promo');
    const r2 = await h.run('sel', sel);
    expect(r2.status, r2.reason).toBe('PASSED');
    expect((await h.run('sel', { url, ...clockIgnored })).status).toBe('FAILED');
  });

  it('FAILS with both sizes when the page size differs from the baseline, with a diff image of the larger size', async () => {
    const first = await h.run('size', { url, ...clockIgnored });
    const { width, height } = shotStep(first).details as { width: number; height: number };
    await setMode(site.baseUrl, 'taller');
    const r = await h.run('size', { url, ...clockIgnored });
    expect(r.status).toBe('FAILED');
    const now = shotStep(r).details as Record<string, unknown> & { width: number; height: number };
    expect(now.height).toBeGreaterThanOrEqual(height + 300);
    expect(r.reason).toBe(`step "page" failed: page is ${width}×${now.height}, baseline is ${width}×${height}`);
    expect(now).toMatchObject({
      baseline: expect.stringMatching(/page\.baseline\.png$/),
      diff: expect.stringMatching(/page\.diff\.png$/),
      totalPixels: width * now.height,
    });
    // Every row the baseline lacks counts as different.
    expect(now.diffPixels as number).toBeGreaterThanOrEqual(width * (now.height - height));
    expect(now.diffPercent).toBeCloseTo(((now.diffPixels as number) / (now.totalPixels as number)) * 100);
    expect(await pngSize(path.join(h.dataDir, now.diff as string))).toEqual({ width, height: now.height });
    expect(await pngSize(path.join(h.dataDir, now.baseline as string))).toEqual({ width, height });
    expect(r.artifacts.map((a) => path.basename(a.path)).sort()).toEqual([
      'page.baseline.png',
      'page.diff.png',
      'page.png',
    ]);
    expect(metric(r, 'VisualMonitoringSuccessPercent')).toBe(0);
    expect(metric(r, 'VisualDiffPercent')).toBeCloseTo(now.diffPercent as number);
  });

  it('with requireBaseline FAILS instead of creating a baseline, keeping the screenshot', async () => {
    const r = await h.run('strict', { url, ...clockIgnored, requireBaseline: true });
    expect(r.status).toBe('FAILED');
    expect(r.reason).toMatch(
      /no baseline for page and requireBaseline is set; accept this run's screenshot with: canary baseline update strict --step page/,
    );
    expect(existsSync(path.join(h.dataDir, 'baselines/strict/page.png'))).toBe(false);
    expect(existsSync(path.join(r.artifactDir, 'page.png'))).toBe(true);
  });

  it('takes named element and viewport screenshots at the device scale factor', async () => {
    const input = {
      url,
      fullPage: false,
      deviceScaleFactor: 2,
      viewport: { width: 800, height: 600 },
      ...clockIgnored,
      screenshots: [
        { name: 'top' },
        { name: 'hero', selector: '.hero', ignore: [{ x: 0, y: 0, width: 50, height: 50 }] },
      ],
    };
    const first = await h.run('shots', input);
    expect(first.status, first.reason).toBe('PASSED');
    expect(first.reason).toMatch(/baseline created for "top" \(1600×1200\), "hero" \(1520×400\)/);
    const again = await h.run('shots', input);
    expect(again.status, again.reason).toBe('PASSED');
    expect(again.reason).toBe('2 screenshots match their baselines: 0.00 % diff (max 0 %)');
    const missing = await h.run('shots', { ...input, screenshots: [{ name: 'nope', selector: '.does-not-exist' }] });
    expect(missing.status).toBe('FAILED');
    expect(missing.reason).toMatch(/selector "\.does-not-exist" matches no element/);
  });

  it('FAILS with the HTTP status when the page does not load', async () => {
    const r = await h.run('missing', { url: `${site.baseUrl}/nothing-here` });
    expect(r.status).toBe('FAILED');
    expect(r.reason).toMatch(/^step "load" failed: HTTP 404 from /);
    expect(r.metrics).toBeUndefined();
  });
});
