/**
 * npm run bench:python-docs — the broken-links blueprint on a real site: the Python 3.11 documentation from Debian's
 * `python3-doc` (about 530 Sphinx pages, every one with `<script>`), served on loopback, against linkinator in the
 * same run. Ours runs twice: `render: 'auto'` with script families (the default) and with `sampleScriptedPages: 0`
 * (every scripted page rendered, the earlier behaviour). Prints times, the ratio to linkinator, and whether the
 * broken sets and every broken URL's referring pages are exactly linkinator's.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { LinkChecker, LinkState } from 'linkinator';
import { brokenLinks } from '../blueprints/broken-links/index.ts';
import type { BrokenLink } from '../blueprints/broken-links/crawler.ts';
import { createLogger } from '../core/logger.ts';
import { SecretRegistry } from '../core/secret-registry.ts';
import { BrowserPool } from '../runner/browser/browser-pool.ts';

const DOCS = process.env.PYTHON_DOCS ?? '/usr/share/doc/python3-doc/html';
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
if (!existsSync(DOCS)) {
  console.log(`skipped: ${DOCS} not found (apt-get install python3-doc)`);
  process.exit(0);
}

const app = express();
app.use(express.static(DOCS, { dotfiles: 'allow' }));
const server = await new Promise<import('node:http').Server>((r) => {
  const s = app.listen(0, '127.0.0.1', () => r(s));
});
const port = (server.address() as import('node:net').AddressInfo).port;
const start = `http://127.0.0.1:${port}/index.html`;
const browser = new BrowserPool();
await browser.acquire();

/** Broken URL → its referring pages. */
type Found = Map<string, Set<string>>;

async function ours(sample: number): Promise<{ ms: number; found: Found; rendered: number; families: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'canarykit-pydocs-'));
  const t0 = performance.now();
  const result = await brokenLinks.run(
    {
      canaryName: 'bench',
      runId: 'bench',
      artifactDir: dir,
      artifactPrefix: 'runs/bench/x',
      dataDir: dir,
      timeoutMs: 900_000,
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
      sampleScriptedPages: sample,
      checkExternal: false,
    }),
  );
  const ms = performance.now() - t0;
  await rm(dir, { recursive: true, force: true });
  const found: Found = new Map();
  for (const b of result.details.brokenLinks as BrokenLink[]) {
    if (sample > 0) console.log(`ours broken: ${b.url}: ${b.error ?? `HTTP ${b.status}`}`);
    found.set(b.url, new Set([...(b.parent ? [b.parent] : []), ...(b.alsoOn ?? [])]));
  }
  return {
    ms,
    found,
    rendered: result.details.pagesRendered as number,
    families: (result.details.scriptFamilies as number | undefined) ?? 0,
  };
}

async function linkinator(): Promise<{ ms: number; found: Found }> {
  const t0 = performance.now();
  const { links } = await new LinkChecker().check({
    path: start,
    recurse: true,
    concurrency: CONCURRENCY,
    timeout: 10_000,
    // Only the site itself, as ours checks with checkExternal: false: this machine has no internet.
    linksToSkip: [`^(?!http://127\\.0\\.0\\.1:${port}/)`],
  });
  const ms = performance.now() - t0;
  const found: Found = new Map();
  for (const l of links.filter((x) => x.state === LinkState.BROKEN)) {
    const set = found.get(l.url) ?? new Set<string>();
    if (l.parent) set.add(l.parent);
    found.set(l.url, set);
  }
  return { ms, found };
}

/** Differences between two broken sets, with their referring pages; empty when identical. */
function diff(a: Found, b: Found): string[] {
  const out: string[] = [];
  for (const [url, refs] of a) {
    const other = b.get(url);
    if (!other) out.push(`only ours: ${url}`);
    else if (refs.size !== other.size || [...refs].some((r) => !other.has(r)))
      out.push(`${url}: ${refs.size} referring pages vs ${other.size}`);
  }
  for (const url of b.keys()) if (!a.has(url)) out.push(`only linkinator: ${url}`);
  return out;
}

try {
  const lk = await linkinator();
  const families = await ours(3);
  const everyPage = await ours(0);
  console.log(`Python docs at ${DOCS}, concurrency ${CONCURRENCY}`);
  console.log(`linkinator                    ${(lk.ms / 1000).toFixed(2)} s, ${lk.found.size} broken`);
  for (const [name, r] of [
    ['ours, script families', families],
    ['ours, every scripted page', everyPage],
  ] as const) {
    const d = diff(r.found, lk.found);
    console.log(
      `${name.padEnd(29)} ${(r.ms / 1000).toFixed(2)} s, ${r.found.size} broken, ${r.rendered} pages rendered` +
        `${r.families ? ` (${r.families} script families)` : ''}, ${(lk.ms / r.ms).toFixed(2)}× linkinator's speed, ` +
        `${d.length === 0 ? "exactly linkinator's broken set and referring pages" : `${d.length} differences: ${d.slice(0, 5).join('; ')}`}`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
