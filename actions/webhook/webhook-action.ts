import { z } from 'zod';
import { defineAction } from '../../core/action.ts';
import { postJson } from '../notify/http-post.ts';
import { oneOf, resolveSecret } from '../notify/secrets.ts';
import { transitionMessage } from '../notify/transition-message.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature.ts';

const schema = z
  .strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: z.number().int().min(1).max(60_000).default(5_000),
    /** HMAC-SHA256 secret; when set, deliveries carry `x-canarykit-signature` and `x-canarykit-timestamp`. */
    secret: z.string().min(1).optional(),
    /** Name of an environment variable holding the secret (instead of `secret`). */
    secretEnv: z.string().min(1).optional(),
  })
  .superRefine(oneOf('secret', false));

/** POSTs a JSON description of the alarm transition, optionally signed (see `./signature.ts`). */
export const webhook = defineAction({
  type: 'webhook',
  schema,
  async execute(config, ctx, services) {
    const m = transitionMessage(ctx, services);
    const body = JSON.stringify({
      alarm: m.alarm,
      oldState: m.oldState,
      newState: m.newState,
      reason: m.reason,
      time: m.time,
      transitionId: m.transitionId,
      action: m.action,
      ...(m.alarmUrl ? { link: m.alarmUrl } : {}),
      ...(m.runUrl ? { runLink: m.runUrl } : {}),
    });
    const signed = config.secret !== undefined || config.secretEnv !== undefined;
    if (ctx.dryRun)
      return {
        status: 'noop',
        detail: `dry run: would POST ${m.alarm} ${m.newState} to ${config.url}${signed ? ' (signed)' : ''}`,
      };
    const secret = resolveSecret(`webhook ${ctx.actionName}`, config.secret, config.secretEnv);
    const headers: Record<string, string> = { 'idempotency-key': `${m.transitionId}:${m.action}`, ...config.headers };
    if (secret !== undefined) {
      const timestamp = String(Math.floor(Date.now() / 1_000));
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, body);
    }
    const res = await postJson(config.url, body, {
      label: `POST ${config.url}`,
      headers,
      timeoutMs: config.timeoutMs,
      secrets: [secret],
    });
    return {
      status: 'done',
      detail: `POST ${config.url} → HTTP ${res.status}${secret !== undefined ? ' (signed)' : ''}`,
    };
  },
});
