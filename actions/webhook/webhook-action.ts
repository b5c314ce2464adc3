import { z } from 'zod';
import { ActionError, defineAction } from '../../core/action.ts';

const schema = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});

/** POSTs a JSON description of the alarm transition. */
export const webhook = defineAction({
  type: 'webhook',
  schema,
  async execute(config, ctx, services) {
    const t = ctx.transition;
    const body = {
      alarm: t.alarm,
      oldState: t.oldState,
      newState: t.newState,
      reason: t.reason,
      time: t.timestamp,
      transitionId: t.id,
      action: ctx.actionName,
      ...(services.apiBaseUrl ? { link: `${services.apiBaseUrl}/api/alarms/${encodeURIComponent(t.alarm)}` } : {}),
    };
    if (ctx.dryRun) return { status: 'noop', detail: `dry run: would POST ${t.alarm} ${t.newState} to ${config.url}` };
    let res: Response;
    try {
      res = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${t.id}:${ctx.actionName}`, ...config.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await res.arrayBuffer();
    } catch (err) {
      throw new ActionError(`POST ${config.url} failed: ${(err as Error).message}`, { retryable: true, cause: err });
    }
    if (!res.ok) {
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new ActionError(`POST ${config.url} answered HTTP ${res.status}`, { retryable });
    }
    return { status: 'done', detail: `POST ${config.url} → HTTP ${res.status}` };
  },
});
