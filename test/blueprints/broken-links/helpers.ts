import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenLinks, type BrokenLinksSettingsInput } from '../../../blueprints/broken-links/index.ts';
import { SecretRegistry } from '../../../core/secret-registry.ts';
import type { BlueprintContext, BrowserProvider } from '../../../core/blueprint.ts';
import { createLogger } from '../../../core/logger.ts';
import type { RunResult } from '../../../core/types.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { mountLinksSite, mountOtherOrigin, type LinksSite } from '../../fixtures/site/links.ts';

export interface LinksSites {
  main: FixtureSite & LinksSite;
  /** The second origin, on 127.0.0.2. */
  other: FixtureSite & LinksSite;
  close(): Promise<void>;
}

/** The links fixture on 127.0.0.1 and its partner origin on 127.0.0.2 (random ports). */
export async function startLinksSites(): Promise<LinksSites> {
  let otherHits: LinksSite | undefined;
  const otherSite = await startFixtureSite((app) => void (otherHits = mountOtherOrigin(app)), '127.0.0.2');
  let mainHits: LinksSite | undefined;
  const mainSite = await startFixtureSite(
    (app) => void (mainHits = mountLinksSite(app, { other: () => otherSite.baseUrl })),
  );
  const main = Object.assign(mainSite, mainHits as LinksSite);
  const other = Object.assign(otherSite, otherHits as LinksSite);
  return { main, other, close: async () => void (await Promise.all([main.close(), other.close()])) };
}

export interface RunOutcome {
  result: RunResult;
  progress: string[];
  /** When each progress line arrived (performance.now()). */
  progressAt: number[];
  /** Broken URLs, sorted. */
  broken: string[];
}

/** Runs the blueprint once with a hand-built context, as the runner would. */
export async function runBrokenLinks(
  browser: BrowserProvider,
  input: BrokenLinksSettingsInput,
  timeoutMs = 30_000,
): Promise<RunOutcome> {
  const artifactDir = await mkdtemp(join(tmpdir(), 'canarykit-links-test-'));
  const progress: string[] = [];
  const progressAt: number[] = [];
  const ctx: BlueprintContext = {
    canaryName: 'links-test',
    runId: `run-${Date.now()}`,
    artifactDir,
    artifactPrefix: 'runs/links-test/x',
    dataDir: artifactDir,
    timeoutMs,
    signal: new AbortController().signal,
    browser,
    log: createLogger('links-test'),
    secrets: new SecretRegistry(),
    progress: (m) => {
      progressAt.push(performance.now());
      progress.push(m);
    },
  };
  try {
    const result = await brokenLinks.run(ctx, brokenLinks.settings.parse(input));
    const list = (result.details.brokenLinks ?? []) as Array<{ url: string }>;
    return { result, progress, progressAt, broken: list.map((b) => b.url).sort() };
  } finally {
    await rm(artifactDir, { recursive: true, force: true });
  }
}

/** Adds a test page at `path` on the main fixture origin whose body is `html`; returns its URL. */
export function addPage(sites: LinksSites, path: string, html: string): string {
  sites.main.app.get(
    path,
    (_req, res) => void res.type('html').send(`<!doctype html><title>${path}</title><body>${html}</body>`),
  );
  return `${sites.main.baseUrl}${path}`;
}
