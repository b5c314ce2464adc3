import { getSelectorType, SelectorType, type Selector, type Step } from '@puppeteer/replay';

/** A recorded step's name in reports: its type and target (`click #email`, `change #password`, `navigate https://…`). */
export function recordingStepName(step: Step): string {
  const target = describeTarget(step);
  return target ? `${step.type} ${target}` : step.type;
}

function describeTarget(step: Step): string | undefined {
  if ('selectors' in step && step.selectors.length > 0) return preferredSelector(step.selectors);
  switch (step.type) {
    case 'navigate':
      return step.url;
    case 'keyDown':
    case 'keyUp':
      return step.key;
    case 'setViewport':
      return `${step.width}x${step.height}`;
    case 'waitForExpression':
      return step.expression.length > 60 ? `${step.expression.slice(0, 59)}…` : step.expression;
    case 'customStep':
      return step.name;
    default:
      return undefined;
  }
}

/** The first plain CSS selector, else the first one as recorded (ARIA, XPath, text or a pierce chain). */
function preferredSelector(selectors: Selector[]): string {
  // The Recorder writes each alternative as a list (a chain through shadow roots), usually of one selector.
  const chains = selectors.map((s) => (Array.isArray(s) ? s : [s]));
  const css = chains.find((c) => c.length === 1 && getSelectorType(c[0] ?? '') === SelectorType.CSS);
  return (css ?? chains[0] ?? []).join(' >> ');
}
