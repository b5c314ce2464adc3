import { harFromMessages, type ChromeHarMessage, type Har } from 'chrome-har';
import type { CDPSession } from 'puppeteer-core';

export type { Har };

/** The DevTools protocol events chrome-har turns into a HAR. */
export const HAR_EVENTS = [
  'Page.frameStartedLoading',
  'Page.frameRequestedNavigation',
  'Page.navigatedWithinDocument',
  'Page.frameAttached',
  'Page.domContentEventFired',
  'Page.loadEventFired',
  'Network.requestWillBeSent',
  'Network.requestWillBeSentExtraInfo',
  'Network.requestServedFromCache',
  'Network.responseReceived',
  'Network.responseReceivedExtraInfo',
  'Network.dataReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Network.resourceChangedPriority',
] as const;

/**
 * Records a page's network activity through its own CDP session (so it does not disturb
 * puppeteer's) and builds a HAR 1.2 document from it with chrome-har.
 */
export class HarRecorder {
  readonly #messages: ChromeHarMessage[] = [];
  readonly #session: CDPSession;
  readonly #listeners: Array<[string, (params: unknown) => void]> = [];

  private constructor(session: CDPSession) {
    this.#session = session;
  }

  /** Starts recording on `session` (a CDP session of the page, e.g. from page.createCDPSession()). */
  static async start(session: CDPSession): Promise<HarRecorder> {
    const recorder = new HarRecorder(session);
    const emitter = session as unknown as {
      on(event: string, handler: (params: unknown) => void): unknown;
    };
    for (const method of HAR_EVENTS) {
      const handler = (params: unknown): void => {
        recorder.#messages.push({ method, params });
      };
      recorder.#listeners.push([method, handler]);
      emitter.on(method, handler);
    }
    await Promise.all([session.send('Page.enable'), session.send('Network.enable')]);
    return recorder;
  }

  get eventCount(): number {
    return this.#messages.length;
  }

  /** Stops listening (the events recorded so far are kept). */
  stop(): void {
    const emitter = this.#session as unknown as {
      off(event: string, handler: (params: unknown) => void): unknown;
    };
    for (const [method, handler] of this.#listeners) emitter.off(method, handler);
    this.#listeners.length = 0;
  }

  /** The HAR of everything recorded so far; `pageTitle` replaces chrome-har's URL-as-title. */
  toHar(pageTitle?: string): Har {
    const har = harFromMessages(this.#messages);
    if (pageTitle) {
      for (const page of har.log.pages) page.title = pageTitle;
    }
    return har;
  }
}
