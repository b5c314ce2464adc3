import { defineBlueprint } from '../../core/blueprint.ts';
import { runScript } from './run.ts';
import { scriptSettings } from './settings.ts';

export { scriptSettings, type ScriptFunction, type ScriptSettings, type ScriptSettingsInput } from './settings.ts';
export type {
  ScriptContext,
  ScriptEnv,
  ScriptLog,
  ScriptRequest,
  ScriptRequestInit,
  ScriptResponse,
  ScriptStep,
} from './context.ts';
export { IMPLICIT_STEP } from './implicit-step.ts';
export { runScript } from './run.ts';

/**
 * The canary is code: `async run({ page, step, request, log, env })`, as CloudWatch Synthetics' scripts.
 */
export const script = defineBlueprint({
  name: 'script',
  settings: scriptSettings,
  needsBrowser: true,
  run: runScript,
});
