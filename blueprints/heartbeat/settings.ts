import { z } from 'zod';

/** Canary fields of the `heartbeat` blueprint: load one page and check it. */
export const heartbeatSettings = z.object({
  /** Page to load; http or https only. */
  url: z.url({ protocol: /^https?$/, error: 'url must be an absolute http:// or https:// URL' }),
  /** Text that must appear in the page's visible text (document.body.innerText). */
  expectText: z.string().min(1, { error: 'expectText must not be empty' }).optional(),
  /** Browser viewport; the screenshot is full-page whatever the height. Default 1280×800. */
  viewport: z
    .object({
      width: z.int().min(100).max(7680),
      height: z.int().min(100).max(4320),
    })
    .optional(),
  /** Save a full-page PNG screenshot (`screenshot.png`). */
  screenshot: z.boolean().default(true),
  /** Save a HAR of the page's requests (`page.har`). */
  har: z.boolean().default(true),
});

export type HeartbeatSettings = z.output<typeof heartbeatSettings>;
export type HeartbeatSettingsInput = z.input<typeof heartbeatSettings>;
