import { z } from 'zod';
import { compilePattern } from './url-rules.ts';

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an absolute http:// or https:// URL` });

const skipPattern = z
  .string()
  .min(1)
  .refine(
    (p) => {
      try {
        compilePattern(p);
        return true;
      } catch {
        return false;
      }
    },
    { error: (iss) => `skip pattern ${JSON.stringify(iss.input)} is not a valid regular expression` },
  );

/** Canary fields of the `broken-links` blueprint: crawl a site from `url` and check every link once. */
export const brokenLinksSettings = z.object({
  /** Page the crawl starts at; its origin is crawled. */
  url: httpUrl('url'),
  /** More origins to crawl (not only check), e.g. `https://docs.example.com`. */
  origins: z.array(httpUrl('origins[]')).default([]),
  /** Most URLs checked per run (the start page counts); the rest are reported as not checked. */
  maxLinks: z.int().min(1).max(100_000).default(100),
  /** Pages more than this many links away from `url` are checked but not crawled. */
  maxDepth: z.int().min(0).max(1_000).default(10),
  /** HTTP checks in flight at once; pages rendered at once is min(concurrency, 8). */
  concurrency: z.int().min(1).max(64).default(8),
  /** Check links to other origins (HEAD, GET fallback); false skips them. */
  checkExternal: z.boolean().default(true),
  /** Check that `#fragment` links name an element id (or `a[name]`) on the crawled target page. */
  checkFragments: z.boolean().default(false),
  /** URLs not to check: globs (`*` within a path segment, `**` anything) or regexes (`/re/flags` or `^…`). */
  skip: z.array(skipPattern).default([]),
  /** A status at or above this is broken (after redirects). */
  brokenStatus: z.int().min(200).max(599).default(400),
  /** Statuses that are never broken, e.g. [401, 403]. */
  allowStatus: z.array(z.int().min(100).max(599)).default([]),
  /** Time limit of one check, and of rendering one page, ms. */
  linkTimeoutMs: z.int().min(100).max(120_000).default(10_000),
  /** Retries of a link answered 429, waiting as its Retry-After says (capped by maxRetryAfterSeconds). */
  maxRetries: z.int().min(0).max(10).default(2),
  maxRetryAfterSeconds: z.number().min(0).max(600).default(30),
  /** The run fails when more links than this are broken. */
  maxBrokenLinks: z.int().min(0).default(0),
  /**
   * How pages' links are read. `auto`: from the HTML the server sent, rendering in Chromium only the pages whose links
   * could depend on JavaScript (a `<script>` that runs, a `<noscript>` or `<template>`, an inline `on…=` handler);
   * `always`: every page rendered; `never`: no browser, links built by scripts are not found.
   */
  render: z.enum(['auto', 'always', 'never']).default('auto'),
  /**
   * With `render: 'auto'`: pages that run the same scripts form a family; its first `sampleScriptedPages` pages are
   * rendered, and when their rendered links equal the links in their HTML the family's other pages are parsed
   * without a browser (every `recheckEvery`-th rendered again to confirm). 0 renders every scripted page.
   */
  sampleScriptedPages: z.int().min(0).max(1000).default(3),
  recheckEvery: z.int().min(1).max(100_000).default(25),
  /** When a rendered page is read: `load` (default), `domcontentloaded`, or `networkidle0/2` for pages that fetch their links. */
  waitUntil: z.enum(['load', 'domcontentloaded', 'networkidle0', 'networkidle2']).default('load'),
});

export type BrokenLinksSettings = z.output<typeof brokenLinksSettings>;
export type BrokenLinksSettingsInput = z.input<typeof brokenLinksSettings>;
