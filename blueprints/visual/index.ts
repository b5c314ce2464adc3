import { defineBlueprint } from '../../core/blueprint.ts';
import { checkVisual } from './check.ts';
import { runVisual } from './run.ts';
import { visualSettings } from './settings.ts';

export { visualSettings, shotsOf, DEFAULT_SHOT, type VisualSettings, type VisualSettingsInput } from './settings.ts';
export { runVisual } from './run.ts';
export { visualMetrics } from '../kit/visual-compare.ts';

/** Screenshots a page with deterministic rendering and compares it with a stored baseline (pixelmatch). */
export const visual = defineBlueprint({
  name: 'visual',
  settings: visualSettings,
  needsBrowser: true,
  run: runVisual,
  check: checkVisual,
});
