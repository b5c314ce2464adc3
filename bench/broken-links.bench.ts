/**
 * npx tsx bench/broken-links.bench.ts — links checked per second by the broken-links blueprint (with `render: 'auto'`,
 * the default, and `render: 'always'`) and by linkinator, on the same generated loopback site (1 + PAGES × (1 + ASSETS)
 * unique URLs, 2,001 by default; no page has a script, so `auto` never renders), in the same process, alternating,
 * ROUNDS rounds each; prints the median. All run with concurrency CONCURRENCY. Chromium is started before the
 * rounds, so its launch is not counted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinkChecker, LinkState } from 'linkinator';
import { brokenLinks } from '../blueprints/broken-links/index.ts';
import { SecretRegistry } from '../core/secret-registry.ts';
import { createLogger } from '../core/logger.ts';
import { BrowserPool } from '../runner/browser/browser-pool.ts';
import { startFixtureSite } from '../test/fixtures/site/index.ts';
import { mountGeneratedSite } from '../test/fixtures/site/links.ts';

const PAGES = Number(process.env.PAGES ?? 100);
const ASSETS = Number(process.env.ASSETS ?? 19);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

interface Sample {
  links: number;
  broken: number;
  ms: number;
  rendered?: number;
}

const site = await startFixtureSite((app) => mountGeneratedSite(app, PAGES, ASSETS));
const start = `${site.baseUrl}/gen/`;
const browser = new BrowserPool();
await browser.acquire();

async function ours(render: 'auto' | 'always'): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'canarykit-links-bench-'));
  const t0 = performance.now();
  const result = await brokenLinks.run(
    {
      canaryName: 'bench',
      runId: 'bench',
      artifactDir: dir,
      artifactPrefix: 'runs/bench/x',
      dataDir: dir,
      timeoutMs: 600_000,
      signal: new AbortController().signal,
      browser,
      log: createLogger('bench'),
      secrets: new SecretRegistry(),
      progress: () => {},
    },
    brokenLinks.settings.parse({
      url: start,
      maxLinks: 100_000,
      maxDepth: 1_000,
      concurrency: CONCURRENCY,
      maxBrokenLinks: 100_000,
      render,
    }),
  );
  const ms = performance.now() - t0;
  await rm(dir, { recursive: true, force: true });
  return {
    links: result.details.linksChecked as number,
    broken: result.details.brokenLinkCount as number,
    ms,
    rendered: result.details.pagesRendered as number,
  };
}

async function linkinator(): Promise<Sample> {
  const t0 = performance.now();
  const { links } = await new LinkChecker().check({
    path: start,
    recurse: true,
    concurrency: CONCURRENCY,
    timeout: 10_000,
  });
  const ms = performance.now() - t0;
  const broken = new Set(links.filter((l) => l.state === LinkState.BROKEN).map((l) => l.url));
  return { links: new Set(links.map((l) => l.url)).size, broken: broken.size, ms };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const samples: Record<'ours auto' | 'ours always' | 'linkinator', Sample[]> = {
  'ours auto': [],
  'ours always': [],
  linkinator: [],
};
try {
  for (let i = 0; i < ROUNDS; i++) {
    samples['ours auto'].push(await ours('auto'));
    samples['ours always'].push(await ours('always'));
    samples.linkinator.push(await linkinator());
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(
  `site: ${PAGES} pages, ${1 + PAGES * (1 + ASSETS)} unique URLs (${PAGES} broken); concurrency ${CONCURRENCY}; median of ${ROUNDS}`,
);
for (const [name, list] of Object.entries(samples)) {
  const ms = median(list.map((s) => s.ms));
  const rates = list.map((s) => Math.round(s.links / (s.ms / 1000)));
  const rendered = list[0]?.rendered === undefined ? '' : `, ${list[0].rendered} pages rendered`;
  console.log(
    `${name.padEnd(11)} ${String(list[0]?.links).padStart(5)} links, ${String(list[0]?.broken).padStart(4)} broken, ${(ms / 1000).toFixed(2)} s, ${median(rates)} links/s (runs: ${rates.join(', ')})${rendered}`,
  );
}
