import { z } from 'zod';
import { defineAction } from '../../core/action.ts';
import { postJson } from '../notify/http-post.ts';
import { oneOf, resolveSecret } from '../notify/secrets.ts';
import { transitionMessage, truncate, type TransitionMessage } from '../notify/transition-message.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const schema = z
  .strictObject({
    type: z.literal('pagerduty'),
    /** Events API v2 integration (routing) key, inline… */
    routingKey: z.string().min(1).optional(),
    /** …or the name of an environment variable holding it. */
    routingKeyEnv: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).default(PAGERDUTY_EVENTS_URL),
    severity: z.enum(['critical', 'error', 'warning', 'info']).default('critical'),
    /** What an INSUFFICIENT_DATA transition sends: nothing (default), a trigger, or a resolve. */
    insufficientData: z.enum(['ignore', 'trigger', 'resolve']).default('ignore'),
    /** `payload.source`; default `canarykit`. */
    source: z.string().min(1).default('canarykit'),
    timeoutMs: z.number().int().min(1).max(60_000).default(10_000),
  })
  .superRefine(oneOf('routingKey', true));

type EventAction = 'trigger' | 'resolve';

function eventBody(
  m: TransitionMessage,
  action: EventAction,
  routingKey: string,
  o: { severity: string; source: string },
): Record<string, unknown> {
  // dedup_key is the alarm name, so the OK transition's resolve closes the incident ALARM opened.
  const common = { routing_key: routingKey, event_action: action, dedup_key: truncate(m.alarm, 255) };
  if (action === 'resolve') return common;
  return {
    ...common,
    payload: {
      summary: truncate(m.summary, 1_024),
      source: o.source,
      severity: o.severity,
      timestamp: m.time,
      component: m.alarm,
      class: 'alarm',
      custom_details: {
        alarm: m.alarm,
        reason: m.reason,
        oldState: m.oldState,
        newState: m.newState,
        transitionId: m.transitionId,
        action: m.action,
      },
    },
    client: 'canarykit',
    ...(m.alarmUrl ? { client_url: m.alarmUrl } : {}),
    links: m.links.map((l) => ({ href: l.href, text: l.text })),
  };
}

/** Sends PagerDuty Events API v2 events: ALARM → trigger, OK → resolve, INSUFFICIENT_DATA → configurable. */
export const pagerduty = defineAction({
  type: 'pagerduty',
  schema,
  async execute(config, ctx, services) {
    const m = transitionMessage(ctx, services);
    const action: EventAction | undefined =
      m.newState === 'ALARM'
        ? 'trigger'
        : m.newState === 'OK'
          ? 'resolve'
          : config.insufficientData === 'ignore'
            ? undefined
            : config.insufficientData;
    if (!action) return { status: 'noop', detail: `PagerDuty: no event for ${m.newState} (insufficientData: ignore)` };
    const what = `PagerDuty ${action} for ${m.alarm} (dedup_key ${m.alarm})`;
    if (ctx.dryRun) return { status: 'noop', detail: `dry run: would send ${what} to ${config.url}` };
    const key = resolveSecret(`pagerduty ${ctx.actionName}`, config.routingKey, config.routingKeyEnv) ?? '';
    const body = JSON.stringify(eventBody(m, action, key, config));
    const res = await postJson(config.url, body, {
      label: `${what}: POST ${config.url}`,
      timeoutMs: config.timeoutMs,
      secrets: [key],
    });
    return { status: 'done', detail: `sent ${what} → HTTP ${res.status}` };
  },
});
