import { defineBlueprint } from '../../core/blueprint.ts';
import { runGuiWorkflow } from './run.ts';
import { guiWorkflowSettings } from './settings.ts';

export { guiWorkflowSettings, type GuiWorkflowSettings, type GuiWorkflowSettingsInput } from './settings.ts';
export { ACTIONS, guiStepSchema, type GuiAction, type GuiStep, type GuiStepInput } from './step-schema.ts';
export { guiStepName } from './step-name.ts';
export { DEFAULT_STEP_TIMEOUT_MS, runGuiWorkflow } from './run.ts';
export { parseRecording, readRecordingFile, RecordingError } from './recording/parse-recording.ts';

/**
 * A browser flow without code: declarative steps (navigate, click, type, verifyText…) or a Chrome DevTools
 * Recorder export replayed with @puppeteer/replay. CloudWatch Synthetics' "GUI workflow builder" blueprint.
 */
export const guiWorkflow = defineBlueprint({
  name: 'gui-workflow',
  settings: guiWorkflowSettings,
  needsBrowser: true,
  run: runGuiWorkflow,
});
