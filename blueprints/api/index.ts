import { defineBlueprint } from '../../core/blueprint.ts';
import { runApi } from './run.ts';
import { apiSettings } from './settings.ts';

export { apiSettings, type ApiSettings, type ApiSettingsInput } from './settings.ts';
export { runApi } from './run.ts';

/** HTTP requests in order, each a step, with assertions, extraction and variables. Needs no browser. */
export const api = defineBlueprint({
  name: 'api',
  settings: apiSettings,
  needsBrowser: false,
  run: runApi,
});
