import { defineBlueprint } from '../../core/blueprint.ts';
import { runHeartbeat } from './run.ts';
import { heartbeatSettings } from './settings.ts';

export { heartbeatSettings, type HeartbeatSettings, type HeartbeatSettingsInput } from './settings.ts';
export { HAR_FILE, SCREENSHOT_FILE, STEP_NAME, runHeartbeat } from './run.ts';

/** Loads one page in Chromium: HTTP status, load time, title, console errors, expected text, screenshot and HAR. */
export const heartbeat = defineBlueprint({
  name: 'heartbeat',
  settings: heartbeatSettings,
  needsBrowser: true,
  run: runHeartbeat,
});
