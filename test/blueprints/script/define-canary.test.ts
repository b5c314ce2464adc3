import type { Page } from 'puppeteer-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCanary } from '../../../config/define.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import { formatDiagnostic, type Diagnostic } from '../../../core/diagnostics.ts';
import type { ScriptResponse } from '../../../blueprints/script/index.ts';

// What a user writes in canaries/shop.canary.ts: the parameters of `run` are typed from the blueprint.
const shop = defineCanary({
  name: 'shop-checkout',
  blueprint: 'script',
  schedule: 'rate(5 minutes)',
  timeout: 60,
  stepDefaults: { screenshotOnStepSuccess: true },
  viewport: { width: 1024, height: 768 },
  async run({ page, step, request, log, env }) {
    expectTypeOf(page).toEqualTypeOf<Page>();
    await step(
      'home',
      async () => {
        await page.goto('http://127.0.0.1:8000/');
      },
      { continueOnStepFailure: true },
    );
    const res = await request('http://127.0.0.1:8000/api', {
      headers: { authorization: `Bearer ${env('SHOP_TOKEN')}` },
    });
    expectTypeOf(res).toEqualTypeOf<ScriptResponse>();
    log.info('done', { status: res.status });
    const n = await step('count', async () => 3);
    expectTypeOf(n).toEqualTypeOf<number | undefined>();
  },
});

function problems(raw: Record<string, unknown>): string[] {
  const out: Diagnostic[] = [];
  validateCanary('canaries/s.canary.ts', { name: 's', blueprint: 'script', schedule: 'rate(1 minute)', ...raw }, out);
  return out.map(formatDiagnostic);
}

describe('script settings', () => {
  it('a typed script canary validates; the definition hash follows the code', () => {
    expectTypeOf(shop.blueprint).toEqualTypeOf<'script'>();
    // prettier-ignore
    // @ts-expect-error run must be a function
    defineCanary({ name: 'x', blueprint: 'script', schedule: 'once', run: 'goto home' });
    // prettier-ignore
    // @ts-expect-error stepDefaults only has the StepOptions booleans
    defineCanary({ name: 'x', blueprint: 'script', schedule: 'once', run: async () => {}, stepDefaults: { screenshots: true } });

    const out: Diagnostic[] = [];
    const v = validateCanary('canaries/shop.canary.ts', shop, out);
    expect(out).toEqual([]);
    expect(v.definition).toMatchObject({ name: 'shop-checkout', blueprint: 'script', timeoutMs: 60_000 });
    const other = validateCanary(
      'canaries/shop.canary.ts',
      {
        ...shop,
        run: async () => {
          /* changed */
        },
      },
      [],
    );
    expect(other.definition?.hash).not.toBe(v.definition?.hash);
  });

  it('reports a missing or wrong run and bad fields with their place', () => {
    expect(problems({})).toEqual([
      'canaries/s.canary.ts › run: expected an async function run({ page, step, request, log, env })',
    ]);
    expect(
      problems({
        run: 'page.goto(x)',
        stepDefaults: { continueOnStepFailure: 'yes', screenshot: true },
        viewport: { width: 10, height: 800 },
        url: 'http://x/',
      }),
    ).toEqual([
      'canaries/s.canary.ts › url: unknown field for blueprint "script"',
      'canaries/s.canary.ts › run: expected an async function run({ page, step, request, log, env })',
      'canaries/s.canary.ts › stepDefaults.continueOnStepFailure: expected a boolean, got "yes"',
      'canaries/s.canary.ts › stepDefaults: unknown field "screenshot"',
      'canaries/s.canary.ts › viewport.width: width must be between 100 and 7680',
    ]);
  });
});
