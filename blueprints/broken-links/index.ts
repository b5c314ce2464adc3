import type { Blueprint } from '../../core/blueprint.ts';
import { runBrokenLinks } from './run.ts';
import { brokenLinksSettings, type BrokenLinksSettings } from './settings.ts';

export { brokenLinksSettings, type BrokenLinksSettings, type BrokenLinksSettingsInput } from './settings.ts';
export { runBrokenLinks, describeBroken } from './run.ts';
export type { BrokenLink, CrawlReport } from './crawler.ts';

/**
 * Crawls a site from `url` in Chromium and checks every link, image, script and stylesheet once.
 * Declared with `satisfies` rather than defineBlueprint() so `settings` keeps its schema type, which
 * defineCanary() reads the accepted fields from.
 */
export const brokenLinks = {
  name: 'broken-links',
  settings: brokenLinksSettings,
  needsBrowser: true,
  run: runBrokenLinks,
} satisfies Blueprint<BrokenLinksSettings>;
