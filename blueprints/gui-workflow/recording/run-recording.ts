import { createRunner, type UserFlow } from '@puppeteer/replay';
import type { BrowserSession } from '../../kit/browser-session.ts';
import { CanaryExtension, type CanaryExtensionOptions } from './canary-extension.ts';

/** Replays `flow` on the session's page; each recorded step is a canary step of `o.runner`. */
export async function runRecording(session: BrowserSession, flow: UserFlow, o: CanaryExtensionOptions): Promise<void> {
  const browser = session.context.browser();
  const runner = await createRunner(flow, new CanaryExtension(browser, session.page, o));
  await runner.run();
}
