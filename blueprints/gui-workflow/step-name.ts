import type { GuiStep } from './step-schema.ts';

/**
 * A step's name in reports: its own `name`, else `<action> <target>` (`type #email`, `navigate https://…`,
 * `press Enter`). Never the text a `type` step types, so a secret cannot end up in a step name.
 */
export function guiStepName(step: GuiStep): string {
  if (step.name !== undefined) return step.name;
  switch (step.action) {
    case 'navigate':
      return `navigate ${step.url}`;
    case 'press':
      return `press ${step.key}`;
    case 'screenshot':
      return 'screenshot';
    default:
      return `${step.action} ${step.selector}`;
  }
}
