import { z } from 'zod';
import { defineAction } from '../../core/action.ts';
import { postJson } from '../notify/http-post.ts';
import { transitionMessage } from '../notify/transition-message.ts';
import { slackPayload } from './slack-payload.ts';

const schema = z.strictObject({
  type: z.literal('slack'),
  /** Incoming-webhook URL. It embeds a token, so errors and outcomes name only its origin. */
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL (a Slack incoming-webhook URL)' }),
  channel: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});

/** Posts the transition to a Slack incoming webhook. 5xx and 429 are retried (honouring Retry-After); other 4xx are not. */
export const slack = defineAction({
  type: 'slack',
  schema,
  async execute(config, ctx, services) {
    const m = transitionMessage(ctx, services);
    const { origin, pathname } = new URL(config.url);
    const where = `Slack webhook at ${origin}${config.channel ? ` (${config.channel})` : ''}`;
    if (ctx.dryRun) return { status: 'noop', detail: `dry run: would post "${m.title}" to ${where}` };
    const body = JSON.stringify(slackPayload(m, { channel: config.channel, username: config.username }));
    const res = await postJson(config.url, body, {
      label: `POST to ${where}`,
      timeoutMs: config.timeoutMs,
      secrets: [pathname.length > 8 ? pathname : undefined],
    });
    return { status: 'done', detail: `posted "${m.title}" to ${where} → HTTP ${res.status}` };
  },
});
