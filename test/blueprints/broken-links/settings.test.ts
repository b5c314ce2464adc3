import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseRetryAfter } from '../../../core/retry-after.ts';
import { compilePattern, skipMatcher } from '../../../blueprints/broken-links/url-rules.ts';
import { defineCanary, type CanaryInput } from '../../../config/define.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import type { Diagnostic } from '../../../core/diagnostics.ts';

// The README's example, exactly: it must type-check with defineCanary and validate.
const docsLinks = defineCanary({
  name: 'docs-links',
  blueprint: 'broken-links',
  url: 'http://127.0.0.1:8000/index.html',
  schedule: 'rate(1 hour)',
  timeout: 300,
  maxLinks: 20000,
  concurrency: 16,
  checkExternal: false,
  maxBrokenLinks: 0,
});

// Type-level checks (run by `tsc --noEmit`): broken-links settings are typed from the blueprint's schema.
expectTypeOf(docsLinks).toExtend<CanaryInput>();
expectTypeOf<Extract<CanaryInput, { blueprint: 'broken-links' }>>()
  .toHaveProperty('skip')
  .toEqualTypeOf<string[] | undefined>();
// @ts-expect-error maxLinks is a number
defineCanary({ name: 'x', blueprint: 'broken-links', url: 'http://127.0.0.1/', schedule: 'once', maxLinks: '10' });
// @ts-expect-error url is required
defineCanary({ name: 'x', blueprint: 'broken-links', schedule: 'once' });
// @ts-expect-error waitUntil is one of puppeteer's lifecycle events
defineCanary({ name: 'x', blueprint: 'broken-links', url: 'http://127.0.0.1/', schedule: 'once', waitUntil: 'idle' });
// @ts-expect-error render is 'auto', 'always' or 'never'
defineCanary({ name: 'x', blueprint: 'broken-links', url: 'http://127.0.0.1/', schedule: 'once', render: 'sometimes' });

function validate(raw: Record<string, unknown>): { out: Diagnostic[]; settings: unknown } {
  const out: Diagnostic[] = [];
  const v = validateCanary('canaries/links.canary.ts', raw, out);
  return { out, settings: v.definition?.settings };
}

describe('broken-links settings', () => {
  it('validates the README example and fills in the defaults', () => {
    const { out, settings } = validate(docsLinks);
    expect(out).toEqual([]);
    expect(settings).toEqual({
      url: 'http://127.0.0.1:8000/index.html',
      origins: [],
      maxLinks: 20000,
      maxDepth: 10,
      concurrency: 16,
      checkExternal: false,
      checkFragments: false,
      skip: [],
      brokenStatus: 400,
      allowStatus: [],
      linkTimeoutMs: 10_000,
      maxRetries: 2,
      maxRetryAfterSeconds: 30,
      maxBrokenLinks: 0,
      render: 'auto',
      sampleScriptedPages: 3,
      recheckEvery: 25,
      waitUntil: 'load',
    });
  });

  it('reports each bad field', () => {
    const { out } = validate({
      name: 'bad',
      blueprint: 'broken-links',
      url: 'ftp://example.invalid/',
      schedule: 'once',
      concurrency: 0,
      skip: ['/(unclosed/'],
      allowStatus: [99],
      maxLink: 5,
    });
    const messages = out.map((d) => `${d.path}: ${d.message}`);
    expect(messages).toContain('maxLink: unknown field for blueprint "broken-links"');
    expect(messages).toContain('url: url must be an absolute http:// or https:// URL');
    expect(messages).toContain('skip[0]: skip pattern "/(unclosed/" is not a valid regular expression');
    expect(messages.some((m) => m.startsWith('concurrency: '))).toBe(true);
    expect(messages.some((m) => m.startsWith('allowStatus[0]: '))).toBe(true);
  });

  it('reads skip patterns as globs or regexes', () => {
    const skip = skipMatcher(['http://a.test/private/*', 'http://a.test/archive/**', '/\\.pdf$/i', '^https://']);
    const skipped = (u: string) => skip(new URL(u));
    expect(skipped('http://a.test/private/x.html')).toBe(true);
    expect(skipped('http://a.test/private/x/y.html')).toBe(false); // * stays within a segment
    expect(skipped('http://a.test/archive/2020/01/x.html')).toBe(true);
    expect(skipped('http://a.test/files/REPORT.PDF')).toBe(true);
    expect(skipped('https://b.test/')).toBe(true);
    expect(skipped('http://a.test/private/x.html#frag')).toBe(true); // the URL without its fragment matches too
    expect(skipped('http://a.test/public.html')).toBe(false);
    expect(compilePattern('http://a.test/a+b?c=(1)').test('http://a.test/a+b?c=(1)')).toBe(true); // glob: literal otherwise
    expect(() => compilePattern('^(')).toThrow();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
