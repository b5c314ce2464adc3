import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCanary } from '../../../config/define.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import { formatDiagnostic, type Diagnostic } from '../../../core/diagnostics.ts';
import { compareImages, formatPercent, toPixelRects } from '../../../blueprints/kit/image-diff.ts';
import { visualSettings, type VisualSettingsInput } from '../../../blueprints/visual/settings.ts';
import { PNG } from 'pngjs';

const example = defineCanary({
  name: 'home-look',
  blueprint: 'visual',
  url: 'http://127.0.0.1:8000/',
  schedule: 'rate(5 minutes)',
  timeout: 60,
  viewport: { width: 1280, height: 800 },
  maxDiffPercent: 0.5,
  ignore: [{ selector: '.clock' }, { x: 0, y: 0, width: 200, height: 40 }],
});

function problems(raw: Record<string, unknown>): string[] {
  const out: Diagnostic[] = [];
  validateCanary(
    'canaries/look.canary.ts',
    { name: 'look', blueprint: 'visual', schedule: 'rate(1 minute)', ...raw },
    out,
  );
  return out.map(formatDiagnostic);
}

describe('visual settings', () => {
  it('defineCanary accepts the README example (type level) and it validates with defaults', () => {
    expectTypeOf(example.blueprint).toEqualTypeOf<'visual'>();
    expectTypeOf(example).toExtend<VisualSettingsInput>();
    expectTypeOf<{ ignore: [{ x: 0; y: 0 }] }>().not.toExtend<Pick<VisualSettingsInput, 'ignore'>>();
    expectTypeOf<{ maxDiffPercent: string }>().not.toExtend<Pick<VisualSettingsInput, 'maxDiffPercent'>>();

    const out: Diagnostic[] = [];
    const v = validateCanary('canaries/home.canary.ts', example, out);
    expect(out).toEqual([]);
    expect(v.definition).toMatchObject({ name: 'home-look', blueprint: 'visual', timeoutMs: 60_000 });
    expect(v.definition?.settings).toEqual({
      url: 'http://127.0.0.1:8000/',
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      fullPage: true,
      threshold: 0.1,
      maxDiffPercent: 0.5,
      ignore: [{ selector: '.clock' }, { x: 0, y: 0, width: 200, height: 40 }],
      requireBaseline: false,
    });
  });

  it('reports bad fields with their place', () => {
    expect(
      problems({
        url: 'ftp://x',
        maxDiffPercent: -1,
        threshold: 2,
        deviceScaleFactor: 9,
        fullPage: 'yes',
        ignore: [
          { x: 0, y: 0, width: -5, height: 10 },
          { selector: '' },
          { foo: 1 },
          'header',
          { x: 1, y: 1, width: 1, height: 1, selector: 'a' },
        ],
        screenshots: [{ name: 'bad name' }, { name: 'x', ignore: [{ y: 2 }] }],
        viewport: { width: 1280, heigth: 800 },
      }),
    ).toEqual(
      expect.arrayContaining([
        'canaries/look.canary.ts › url: url must be an absolute http:// or https:// URL',
        'canaries/look.canary.ts › maxDiffPercent: maxDiffPercent must be >= 0',
        'canaries/look.canary.ts › threshold: threshold must be between 0 and 1',
        expect.stringMatching(/^canaries\/look\.canary\.ts › deviceScaleFactor: /),
        'canaries/look.canary.ts › fullPage: expected a boolean, got "yes"',
        'canaries/look.canary.ts › ignore[0].width: width must be > 0',
        'canaries/look.canary.ts › ignore[1].selector: selector must not be empty',
        'canaries/look.canary.ts › ignore[2]: expected { x, y, width, height } (CSS pixels) or { selector }, got {"foo":1}',
        'canaries/look.canary.ts › ignore[3]: expected { x, y, width, height } (CSS pixels) or { selector }, got "header"',
        expect.stringMatching(/^canaries\/look\.canary\.ts › ignore\[4\]: expected \{ x, y, width, height \}/),
        expect.stringMatching(/^canaries\/look\.canary\.ts › screenshots\[0\]\.name: expected 1-64 letters/),
        expect.stringMatching(
          /^canaries\/look\.canary\.ts › screenshots\[1\]\.ignore\[0\]: expected \{ x, y, width, height \}/,
        ),
        'canaries/look.canary.ts › viewport: unknown field "heigth"',
      ]),
    );
    expect(
      problems({
        url: 'http://127.0.0.1/',
        screenshots: [{ name: 'hero', selector: '.hero' }, { name: 'hero' }, { name: 'load' }],
      }),
    ).toEqual([
      'canaries/look.canary.ts › screenshots[1].name: duplicate screenshot name "hero"',
      'canaries/look.canary.ts › screenshots[2].name: "load" is reserved for the navigation step',
    ]);
    expect(problems({ url: 'http://127.0.0.1/', maxDiffPercent: 101, screenshots: [] })).toEqual([
      'canaries/look.canary.ts › maxDiffPercent: maxDiffPercent must be <= 100',
      'canaries/look.canary.ts › screenshots: screenshots must not be empty (leave it out for one full-page screenshot)',
    ]);
    expect(problems({ url: 'http://127.0.0.1/', colour: 'red' })).toEqual([
      'canaries/look.canary.ts › colour: unknown field for blueprint "visual"',
    ]);
  });

  it('parses requireBaseline and per-screenshot options', () => {
    const s = visualSettings.parse({
      url: 'https://example.test/',
      requireBaseline: true,
      screenshots: [{ name: 'hero', selector: '.hero' }],
    });
    expect(s.requireBaseline).toBe(true);
    expect(s.screenshots).toEqual([{ name: 'hero', selector: '.hero', ignore: [] }]);
  });
});

describe('image comparison', () => {
  const image = (w: number, h: number, rgb: [number, number, number]): PNG => {
    const png = new PNG({ width: w, height: h });
    for (let i = 0; i < w * h; i++) png.data.set([...rgb, 255], i * 4);
    return png;
  };

  it('counts changed pixels, skips masked ones and keeps the image size in the diff', () => {
    const a = image(10, 10, [255, 255, 255]);
    const b = image(10, 10, [255, 255, 255]);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 5; x++) b.data.set([0, 0, 0, 255], (y * 10 + x) * 4);
    const plain = compareImages(b, a, { threshold: 0.1, ignore: [] });
    expect(plain).toMatchObject({ diffPixels: 10, totalPixels: 100, diffPercent: 10 });
    expect(PNG.sync.read(plain.diffPng)).toMatchObject({ width: 10, height: 10 });
    expect(compareImages(b, a, { threshold: 0.1, ignore: [{ x: 0, y: 0, width: 5, height: 2 }] }).diffPixels).toBe(0);
  });

  it('compares images of different sizes as if padded to the larger one, padding counted as different', () => {
    const white = image(10, 10, [255, 255, 255]);
    // Taller by 2 rows, otherwise identical: the 20 extra pixels differ.
    const taller = compareImages(image(10, 12, [255, 255, 255]), white, { threshold: 0.1, ignore: [] });
    expect(taller).toMatchObject({ diffPixels: 20, totalPixels: 120 });
    expect(taller.diffPercent).toBeCloseTo((20 / 120) * 100);
    const diff = PNG.sync.read(taller.diffPng);
    expect(diff).toMatchObject({ width: 10, height: 12 });
    const px = (png: PNG, x: number, y: number) => [
      ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
    ];
    expect(px(diff, 3, 11)).toEqual([255, 128, 128, 255]); // padding: red over the (white) current image
    expect(px(diff, 3, 11)).not.toEqual(px(diff, 3, 5)); // unlike an unchanged pixel
    // Padding is different even where the images share the padding's colour; and wider one way, taller the other.
    const cross = compareImages(image(12, 10, [255, 0, 0]), image(10, 11, [255, 0, 0]), { threshold: 0.1, ignore: [] });
    expect(cross).toMatchObject({ diffPixels: 12 * 11 - 10 * 10, totalPixels: 12 * 11 });
    expect(PNG.sync.read(cross.diffPng)).toMatchObject({ width: 12, height: 11 });
    // Changes inside the common area still count, and ignored padding does not.
    const changed = image(10, 12, [255, 255, 255]);
    changed.data.set([0, 0, 0, 255], 0);
    const ignored = compareImages(changed, white, { threshold: 0.1, ignore: [{ x: 0, y: 11, width: 10, height: 1 }] });
    expect(ignored.diffPixels).toBe(1 + 10);
  });

  it('scales CSS boxes to image pixels, grows them outwards and clips them', () => {
    expect(toPixelRects([{ x: 0.5, y: 1.2, width: 10, height: 2 }], 2, 100, 100)).toEqual([
      { x: 1, y: 2, width: 20, height: 5 },
    ]);
    expect(
      toPixelRects(
        [
          { x: 90, y: 90, width: 50, height: 50 },
          { x: 200, y: 0, width: 5, height: 5 },
        ],
        1,
        100,
        100,
      ),
    ).toEqual([{ x: 90, y: 90, width: 10, height: 10 }]);
  });

  it('never prints a tiny diff as zero', () => {
    expect(formatPercent(0)).toBe('0.00');
    expect(formatPercent(3.14159)).toBe('3.14');
    expect(formatPercent(0.0000976)).toBe('0.000098');
  });
});
