/** Stage: run the plugin. Errors are the retry stage's to classify. */
import type { ActionOutcome, ActionPlugin, ActionServices } from '../../core/action.ts';
import type { ActionAttempt } from './action-attempt.ts';

export function execute(
  plugin: ActionPlugin<unknown>,
  config: unknown,
  attempt: ActionAttempt,
  services: ActionServices,
): Promise<ActionOutcome> {
  return plugin.execute(
    config,
    { actionName: attempt.action, transition: attempt.transition, dryRun: attempt.dryRun },
    services,
  );
}
