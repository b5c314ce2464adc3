import { TimeoutError, type HTTPResponse, type KeyInput, type Page } from 'puppeteer-core';
import type { SecretSink } from '../../core/blueprint.ts';
import type { Artifact } from '../../core/types.ts';
import type { StepHandle } from '../kit/step-runner.ts';
import { waitForElement } from './element-wait.ts';
import type { GuiStep } from './step-schema.ts';
import { verifyText } from './verify-text.ts';

export interface ActionEnv {
  page: Page;
  /** This step's timeout, already capped by what is left of the canary's timeout. */
  timeoutMs: number;
  /** Renders `{{env.NAME}}` (registered as secrets) and `{{var}}`. */
  render(text: string): string;
  secrets: SecretSink;
  /** Saves a named full-page screenshot artifact. */
  screenshot(name: string): Promise<Artifact>;
  /** Compares a named screenshot with its baseline (visual monitoring inside a workflow). */
  compare(
    name: string,
    options: NonNullable<Extract<GuiStep, { action: 'screenshot' }>['compare']>,
    handle: StepHandle,
  ): Promise<void>;
  handle: StepHandle;
}

/** Performs one declarative step; throws an Error whose message says what was expected and what was found. */
export async function performAction(step: GuiStep, env: ActionEnv): Promise<void> {
  const { page, timeoutMs: timeout, handle } = env;
  switch (step.action) {
    case 'navigate': {
      const url = env.render(step.url);
      let res: HTTPResponse | null;
      try {
        res = await page.goto(url, { waitUntil: 'load', timeout });
      } catch (err) {
        throw navigationError(err, `navigation to ${step.url} failed`, timeout);
      }
      return checkResponse(res, handle);
    }
    case 'click':
      return (await waitForElement(page, step.selector, { visible: true, timeoutMs: timeout })).click();
    case 'clickAndNavigate': {
      const started = Date.now();
      const el = await waitForElement(page, step.selector, { visible: true, timeoutMs: timeout });
      const navigation = page.waitForNavigation({
        waitUntil: 'load',
        timeout: Math.max(1, timeout - (Date.now() - started)),
      });
      navigation.catch(() => {});
      await el.click();
      let res: HTTPResponse | null;
      try {
        res = await navigation;
      } catch (err) {
        throw navigationError(err, `clicking ${step.selector} did not load a new page`, timeout);
      }
      return checkResponse(res, handle);
    }
    case 'type': {
      const text = env.render(step.text);
      if (step.secret) env.secrets.add(text);
      const el = await waitForElement(page, step.selector, { visible: true, timeoutMs: timeout });
      await el.evaluate((e) => {
        if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) e.value = '';
      });
      return el.type(text);
    }
    case 'select': {
      const value = env.render(step.value);
      const el = await waitForElement(page, step.selector, { visible: false, timeoutMs: timeout });
      const isSelect = await el.evaluate((e) => e instanceof HTMLSelectElement);
      if (!isSelect) throw new Error(`${step.selector} is not a <select> element`);
      const selected = await el.select(value);
      if (!selected.includes(value)) {
        const options = await el.evaluate((e) => [...(e as HTMLSelectElement).options].map((o) => o.value));
        throw new Error(
          `no option with value ${JSON.stringify(value)} in ${step.selector}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
        );
      }
      return;
    }
    case 'hover':
      return (await waitForElement(page, step.selector, { visible: true, timeoutMs: timeout })).hover();
    case 'press':
      return page.keyboard.press(step.key as KeyInput);
    case 'waitForSelector':
      return void (await waitForElement(page, step.selector, { visible: step.visible ?? false, timeoutMs: timeout }));
    case 'verifySelector':
      return void (await waitForElement(page, step.selector, {
        visible: step.visible ?? false,
        timeoutMs: timeout,
        kind: 'verify',
      }));
    case 'verifyText':
      return void (await verifyText(page, step.selector, env.render(step.text), step.match ?? 'contains', timeout));
    case 'screenshot': {
      if (step.compare) return env.compare(step.name ?? 'screenshot', step.compare, handle);
      const artifact = await env.screenshot(step.name ?? 'screenshot');
      return handle.detail('screenshot', artifact.path);
    }
  }
}

/** A page that answers 4xx/5xx fails the step, as in the heartbeat blueprint. */
function checkResponse(res: HTTPResponse | null, handle: StepHandle): void {
  if (!res) return; // same-document navigation (hash change): nothing to check
  const status = res.status();
  handle.detail('httpStatus', status);
  handle.detail('url', res.url());
  if (status >= 400) throw new Error(`HTTP ${status} from ${res.url()}`);
}

function navigationError(err: unknown, what: string, timeoutMs: number): Error {
  if (err instanceof TimeoutError) return new Error(`${what}: timeout ${timeoutMs} ms exceeded`);
  const message = err instanceof Error ? err.message : String(err);
  const net = /^(net::ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  if (net) return new Error(`${what}: ${net}`);
  return err instanceof Error ? err : new Error(message);
}
