import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../actions/notify/http-post.ts';
import { pagerduty } from '../../actions/pagerduty/pagerduty-action.ts';
import { actionError, ctx, services, transition } from './fixtures.ts';
import { startHttpReceiver, type HttpReceiver } from './http-receiver.ts';

const KEY = 'R0UT1NGK3Y0123456789abcdefABCDEF';
const accepted = { status: 202, body: '{"status":"success","message":"Event processed","dedup_key":"www-down"}' };
let rx: HttpReceiver;
beforeEach(async () => {
  rx = await startHttpReceiver(accepted);
});
afterEach(async () => {
  await rx.close();
  delete process.env.CK_TEST_PD_KEY;
});

const config = (extra: Record<string, unknown> = {}) =>
  pagerduty.schema.parse({ type: 'pagerduty', routingKey: KEY, url: `${rx.url}/v2/enqueue`, ...extra });

describe('pagerduty notifier', () => {
  it('triggers on ALARM with dedup_key = alarm name, full payload and links', async () => {
    const out = await pagerduty.execute(
      config({ severity: 'error' }),
      ctx(transition('ALARM', 'OK', { runId: 'run-9' })),
      services,
    );
    expect(out.status).toBe('done');
    expect(out.detail).not.toContain(KEY);
    const req = rx.requests[0]!;
    expect(req.path).toBe('/v2/enqueue');
    expect(req.json).toEqual({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'www-down',
      payload: {
        summary: `www-down changed from OK to ALARM: ${transition().reason}`,
        source: 'canarykit',
        severity: 'error',
        timestamp: '2025-01-02T03:04:05.000Z',
        component: 'www-down',
        class: 'alarm',
        custom_details: {
          alarm: 'www-down',
          reason: transition().reason,
          oldState: 'OK',
          newState: 'ALARM',
          transitionId: 'tr-alarm-1',
          action: 'notify',
        },
      },
      client: 'canarykit',
      client_url: 'http://127.0.0.1:8080/api/alarms/www-down',
      links: [
        { href: 'http://127.0.0.1:8080/api/alarms/www-down', text: 'Alarm www-down' },
        { href: 'http://127.0.0.1:8080/api/runs/run-9', text: 'Run' },
      ],
    });
  });

  it('resolves on OK with the same dedup_key, so the incident closes', async () => {
    await pagerduty.execute(config(), ctx(transition('ALARM', 'OK')), services);
    await pagerduty.execute(config(), ctx(transition('OK', 'ALARM')), services);
    expect(rx.requests.map((r) => [r.json.event_action, r.json.dedup_key])).toEqual([
      ['trigger', 'www-down'],
      ['resolve', 'www-down'],
    ]);
    expect(rx.requests[1]!.json).toEqual({ routing_key: KEY, event_action: 'resolve', dedup_key: 'www-down' });
  });

  it('sends nothing for INSUFFICIENT_DATA by default; trigger or resolve when configured', async () => {
    const insufficient = ctx(transition('INSUFFICIENT_DATA', 'ALARM'));
    expect(await pagerduty.execute(config(), insufficient, services)).toMatchObject({ status: 'noop' });
    expect(rx.requests).toHaveLength(0);
    await pagerduty.execute(config({ insufficientData: 'resolve' }), insufficient, services);
    await pagerduty.execute(config({ insufficientData: 'trigger', severity: 'warning' }), insufficient, services);
    expect(rx.requests.map((r) => r.json.event_action)).toEqual(['resolve', 'trigger']);
    expect(rx.requests[1]!.json.payload).toMatchObject({ severity: 'warning' });
  });

  it('reads the routing key from routingKeyEnv, never revealing it', async () => {
    const c = config({ routingKey: undefined, routingKeyEnv: 'CK_TEST_PD_KEY' });
    const missing = await actionError(() => pagerduty.execute(c, ctx(), services));
    expect(missing).toMatchObject({ retryable: false, message: expect.stringContaining('CK_TEST_PD_KEY is not set') });
    process.env.CK_TEST_PD_KEY = KEY;
    await pagerduty.execute(c, ctx(), services);
    expect(rx.requests[0]!.json.routing_key).toBe(KEY);
  });

  it('retries 5xx and 429 (Retry-After) but not 400 invalid event; messages hold no routing key', async () => {
    rx.replies.push(
      { status: 502, body: 'bad gateway' },
      { status: 429, headers: { 'retry-after': '2' } },
      {
        status: 400,
        body: `{"status":"invalid event","message":"Event object is invalid","errors":["bad routing_key ${KEY}"]}`,
      },
    );
    const c = config();
    const e502 = await actionError(() => pagerduty.execute(c, ctx(), services));
    expect(e502.retryable).toBe(true);
    const e429 = await actionError(() => pagerduty.execute(c, ctx(), services));
    expect(e429).toBeInstanceOf(RetryLaterError);
    expect(e429).toMatchObject({ retryAfterMs: 2_000 });
    const e400 = await actionError(() => pagerduty.execute(c, ctx(), services));
    expect(e400.retryable).toBe(false);
    expect(e400.message).toContain('invalid event');
    for (const e of [e502, e429, e400]) expect(e.message).not.toContain(KEY);
  });

  it('sends nothing in a dry run', async () => {
    const out = await pagerduty.execute(config(), ctx(transition('OK', 'ALARM'), true), services);
    expect(out).toEqual({
      status: 'noop',
      detail: `dry run: would send PagerDuty resolve for www-down (dedup_key www-down) to ${rx.url}/v2/enqueue`,
    });
    expect(rx.requests).toHaveLength(0);
  });

  it('defaults to the public Events API v2 URL and critical severity', () => {
    expect(pagerduty.schema.parse({ type: 'pagerduty', routingKey: KEY })).toMatchObject({
      url: 'https://events.pagerduty.com/v2/enqueue',
      severity: 'critical',
      insufficientData: 'ignore',
      source: 'canarykit',
    });
  });
});
