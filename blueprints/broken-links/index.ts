import { defineBlueprint } from '../../core/blueprint.ts';
import { runBrokenLinks } from './run.ts';
import { brokenLinksSettings } from './settings.ts';

export { brokenLinksSettings, type BrokenLinksSettings, type BrokenLinksSettingsInput } from './settings.ts';
export { runBrokenLinks, describeBroken } from './run.ts';
export type { BrokenLink, CrawlReport } from './crawler.ts';

/**
 * Crawls a site from `url` and checks every link, image, script and stylesheet once. Pages are read from their HTML,
 * or rendered in Chromium (`render` setting): it may need a browser, which it asks for only on the first render.
 */
export const brokenLinks = defineBlueprint({
  name: 'broken-links',
  settings: brokenLinksSettings,
  needsBrowser: true,
  run: runBrokenLinks,
});
