import type { Artifact, StepResult } from '../../core/types.ts';
import type { StepRunner } from '../kit/step-runner.ts';

export const IMPLICIT_STEP = 'script';

export interface ImplicitStep {
  name: string;
  /** Epoch ms when the code this step stands for started. */
  startedAt: number;
  error?: string;
  /** Takes the failure screenshot, if the step options ask for one. */
  screenshot?: () => Promise<Artifact | undefined>;
}

/**
 * Records a step the script did not declare itself: its whole run when it called no `step()`, the code
 * outside steps that threw, or the step cut short by the canary's timeout. Pushed straight into the runner
 * (with its real start time) rather than through `runner.step`, which would time it from now.
 */
export async function recordImplicitStep(
  runner: StepRunner,
  s: ImplicitStep,
  onStepEnd?: (step: StepResult) => void,
): Promise<void> {
  const screenshots: Artifact[] = [];
  if (s.error !== undefined && s.screenshot) {
    const shot = await s.screenshot().catch(() => undefined);
    if (shot) screenshots.push(shot);
  }
  const ended = Date.now();
  const step: StepResult = {
    name: s.name,
    status: s.error === undefined ? 'PASSED' : 'FAILED',
    startedAt: new Date(s.startedAt).toISOString(),
    endedAt: new Date(ended).toISOString(),
    durationMs: Math.max(0, ended - s.startedAt),
    ...(s.error === undefined ? {} : { error: s.error }),
    ...(screenshots.length ? { screenshots } : {}),
  };
  runner.steps.push(step);
  runner.artifacts.push(...screenshots);
  onStepEnd?.(step);
}
