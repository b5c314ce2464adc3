import { PuppeteerRunnerExtension, selectorToPElementSelector, type Step, type UserFlow } from '@puppeteer/replay';
import { TimeoutError, type Browser, type HTTPResponse, type Page } from 'puppeteer-core';
import { isMachineryError } from '../../kit/machinery-error.ts';
import type { StepOptions, StepRunner } from '../../kit/step-runner.ts';
import { recordingStepName } from './recording-step-name.ts';

const FALLBACK_TIMEOUT_MS = 10_000;

export interface CanaryExtensionOptions {
  runner: StepRunner;
  /** StepOptions of every recorded step (the canary's stepDefaults). */
  stepOptions: StepOptions;
  /** The step's timeout: the recorded one (or the default), capped by what is left of the canary's timeout. */
  timeoutFor(recorded: number | undefined): number;
  /** Renders `{{env.NAME}}` / `{{var}}` in a recorded URL or typed value. */
  render(text: string): string;
  /** Registers a value typed into a password field as a secret. */
  addSecret(value: string): void;
  /** Called before each recorded step with its 1-based number. */
  onStepStart(index: number, name: string): void;
}

/**
 * Replays a Chrome DevTools Recorder flow on the canary's page, each recorded step as a canary step (timed,
 * screenshotted, failing with its name), using @puppeteer/replay's own step implementations.
 */
export class CanaryExtension extends PuppeteerRunnerExtension {
  private index = 0;

  constructor(
    browser: Browser,
    page: Page,
    private readonly o: CanaryExtensionOptions,
  ) {
    // Only a fallback: runStep gives every step its own timeout.
    super(browser, page, { timeout: FALLBACK_TIMEOUT_MS });
  }

  override async runStep(step: Step, flow?: UserFlow): Promise<void> {
    const name = recordingStepName(step);
    this.o.onStepStart(++this.index, name);
    await this.o.runner.step(
      name,
      async (handle) => {
        const timeout = this.o.timeoutFor(step.timeout ?? flow?.timeout);
        const page = this.page as Page;
        page.setDefaultTimeout(timeout);
        page.setDefaultNavigationTimeout(timeout);
        const prepared = await this.prepare(step, timeout);
        let mainResponse: HTTPResponse | undefined;
        const onResponse = (res: HTTPResponse): void => {
          if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) mainResponse = res;
        };
        page.on('response', onResponse);
        try {
          await super.runStep(prepared, flow);
        } catch (err) {
          if (isMachineryError(err)) throw err;
          throw new Error(describeFailure(prepared, timeout, err), { cause: err });
        } finally {
          page.off('response', onResponse);
        }
        if (step.type === 'navigate' && mainResponse) {
          const status = mainResponse.status();
          handle.detail('httpStatus', status);
          if (status >= 400) throw new Error(`HTTP ${status} from ${mainResponse.url()}`);
        }
      },
      this.o.stepOptions,
    );
  }

  /** A copy of the step with its timeout set and its templates rendered; password values become secrets. */
  private async prepare(step: Step, timeout: number): Promise<Step> {
    if (step.type === 'navigate') return { ...step, timeout, url: this.o.render(step.url) };
    if (step.type === 'change') {
      const value = this.o.render(step.value);
      if (value !== step.value || (await this.isPasswordField(step.selectors))) this.o.addSecret(value);
      return { ...step, timeout, value };
    }
    return { ...step, timeout };
  }

  private async isPasswordField(selectors: ReadonlyArray<string | string[]>): Promise<boolean> {
    const page = this.page as Page;
    for (const selector of selectors) {
      try {
        const handle = await page.$(selectorToPElementSelector(selector));
        if (!handle) continue;
        const isPassword = await handle.evaluate((el) => el instanceof HTMLInputElement && el.type === 'password');
        await handle.dispose();
        return isPassword;
      } catch {
        // An odd recorded selector: try the next one.
      }
    }
    return false;
  }
}

function describeFailure(step: Step, timeout: number, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const timedOut = err instanceof TimeoutError || /timed out|timeout .*exceeded/i.test(message);
  if (timedOut && 'selectors' in step) {
    const what = recordingStepName(step).slice(step.type.length + 1);
    return `waiting for selector "${what}" failed: timeout ${timeout} ms exceeded`;
  }
  if (timedOut && step.type === 'navigate') return `navigation to ${step.url} failed: timeout ${timeout} ms exceeded`;
  if (timedOut) return `timeout ${timeout} ms exceeded (${message})`;
  const net = /^(net::ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  if (net && step.type === 'navigate') return `${net} at ${step.url}`;
  return message;
}
