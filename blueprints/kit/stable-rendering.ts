import type { Page } from 'puppeteer-core';
import type { PixelRect } from './image-diff.ts';

/** Stops everything that moves or blinks, and hides scrollbars. */
export const FREEZE_CSS = `
*, *::before, *::after {
  animation: none !important;
  transition: none !important;
  caret-color: transparent !important;
}
html, body { scrollbar-width: none !important; }
::-webkit-scrollbar { display: none !important; width: 0 !important; height: 0 !important; }
`;

/** Before navigation: reduced motion, and CSP bypass so the freezing stylesheet can be injected. */
export async function prepareForStableRendering(page: Page): Promise<void> {
  await page.setBypassCSP(true);
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
}

/**
 * After the page loaded: waits for network idle (best effort within `idleTimeoutMs`), freezes animations,
 * transitions and carets, waits for web fonts and images, scrolls to the top and lets two frames render.
 * Returns whether the network went idle.
 */
export async function stabilize(page: Page, idleTimeoutMs: number): Promise<boolean> {
  const idle = await page.waitForNetworkIdle({ idleTime: 300, timeout: Math.max(1, idleTimeoutMs) }).then(
    () => true,
    () => false,
  );
  await page.addStyleTag({ content: FREEZE_CSS });
  await page.evaluate(async () => {
    for (const a of document.getAnimations()) {
      try {
        a.pause();
        a.currentTime = 0;
      } catch {
        // an animation that cannot be paused is left as is
      }
    }
    await document.fonts.ready;
    await Promise.all(
      [...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => undefined))),
    );
    window.scrollTo(0, 0);
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
  return idle;
}

/** Scrolls back to the top and waits for a frame (an element screenshot scrolls the page). */
export async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(async () => {
    window.scrollTo(0, 0);
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

export interface SelectorBoxes {
  /** CSS-pixel boxes relative to the screenshot's top-left corner. */
  boxes: PixelRect[];
  /** Selectors that matched nothing visible. */
  unmatched: string[];
  /** Selectors the browser rejected, with its message. */
  invalid: string[];
}

/**
 * Boxes of every element matching `selectors`, relative to the screenshot: the element `within`
 * (element screenshot), the viewport (`fullPage` false) or the document (full-page screenshot).
 */
export async function selectorBoxes(
  page: Page,
  selectors: readonly string[],
  within: string | undefined,
  fullPage: boolean,
): Promise<SelectorBoxes> {
  if (selectors.length === 0) return { boxes: [], unmatched: [], invalid: [] };
  return page.evaluate(
    (sels: string[], withinSel: string | null, full: boolean) => {
      const origin = withinSel ? document.querySelector(withinSel)?.getBoundingClientRect() : undefined;
      const ox = origin ? origin.left : full ? -window.scrollX : 0;
      const oy = origin ? origin.top : full ? -window.scrollY : 0;
      const out = {
        boxes: [] as Array<{ x: number; y: number; width: number; height: number }>,
        unmatched: [] as string[],
        invalid: [] as string[],
      };
      for (const sel of sels) {
        let found = 0;
        try {
          for (const el of document.querySelectorAll(sel)) {
            const r = el.getBoundingClientRect();
            if (r.width <= 0 || r.height <= 0) continue;
            out.boxes.push({ x: r.left - ox, y: r.top - oy, width: r.width, height: r.height });
            found++;
          }
        } catch (err) {
          out.invalid.push(`${sel}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        if (found === 0) out.unmatched.push(sel);
      }
      return out;
    },
    [...selectors],
    within ?? null,
    fullPage,
  );
}
