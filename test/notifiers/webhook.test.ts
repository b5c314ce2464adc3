import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../actions/notify/http-post.ts';
import { verifyWebhookSignature } from '../../actions/webhook/signature.ts';
import { webhook } from '../../actions/webhook/webhook-action.ts';
import { actionError, ctx, services, transition } from './fixtures.ts';
import { closedPort, startHttpReceiver, type HttpReceiver } from './http-receiver.ts';

const SECRET = 'whsec-0123456789abcdef-do-not-leak';
let rx: HttpReceiver;
beforeEach(async () => {
  rx = await startHttpReceiver();
});
afterEach(async () => {
  await rx.close();
  delete process.env.CK_TEST_WEBHOOK_SECRET;
});

const config = (extra: Record<string, unknown> = {}) =>
  webhook.schema.parse({ type: 'webhook', url: `${rx.url}/hook`, ...extra });

describe('webhook notifier', () => {
  it('POSTs the transition with the documented body fields and links', async () => {
    const out = await webhook.execute(config(), ctx(transition('ALARM', 'OK', { runId: 'run-42' })), services);
    expect(out).toMatchObject({ status: 'done' });
    const [req] = rx.requests;
    expect(req?.headers['idempotency-key']).toBe('tr-alarm-1:notify');
    expect(req?.headers['x-canarykit-signature']).toBeUndefined();
    expect(req?.json).toEqual({
      alarm: 'www-down',
      oldState: 'OK',
      newState: 'ALARM',
      reason: transition().reason,
      time: '2025-01-02T03:04:05.000Z',
      transitionId: 'tr-alarm-1',
      action: 'notify',
      link: 'http://127.0.0.1:8080/api/alarms/www-down',
      runLink: 'http://127.0.0.1:8080/api/runs/run-42',
    });
  });

  it('signs the raw body with HMAC-SHA256 over "<timestamp>.<body>", verifiable by the receiver', async () => {
    const before = Math.floor(Date.now() / 1_000);
    const out = await webhook.execute(config({ secret: SECRET }), ctx(), services);
    const after = Math.ceil(Date.now() / 1_000);
    const req = rx.requests[0]!;
    const ts = req.headers['x-canarykit-timestamp'] as string;
    const sig = req.headers['x-canarykit-signature'] as string;
    // Taken while sending: between the moments before and after the call, however long it took.
    expect(Number(ts)).toBeGreaterThanOrEqual(before);
    expect(Number(ts)).toBeLessThanOrEqual(after);
    // Recompute independently of the implementation.
    expect(sig).toBe(`sha256=${createHmac('sha256', SECRET).update(`${ts}.${req.rawBody}`).digest('hex')}`);
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: req.rawBody, signature: sig, timestamp: ts })).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        rawBody: req.rawBody.replace('ALARM', 'OK'),
        signature: sig,
        timestamp: ts,
      }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: 'wrong', rawBody: req.rawBody, signature: sig, timestamp: ts })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        rawBody: req.rawBody,
        signature: sig,
        timestamp: ts,
        nowMs: (Number(ts) + 600) * 1_000,
      }),
    ).toBe(false);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(req.rawBody).not.toContain(SECRET);
  });

  it('reads the secret from secretEnv, and refuses (without retry) when the variable is unset', async () => {
    const err = await actionError(() =>
      webhook.execute(config({ secretEnv: 'CK_TEST_WEBHOOK_SECRET' }), ctx(), services),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('CK_TEST_WEBHOOK_SECRET is not set');
    process.env.CK_TEST_WEBHOOK_SECRET = SECRET;
    await webhook.execute(config({ secretEnv: 'CK_TEST_WEBHOOK_SECRET' }), ctx(), services);
    const req = rx.requests[0]!;
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        rawBody: req.rawBody,
        signature: req.headers['x-canarykit-signature'] as string,
        timestamp: req.headers['x-canarykit-timestamp'] as string,
      }),
    ).toBe(true);
  });

  it('classifies failures: 5xx and 429 retryable (with Retry-After), 4xx not, refused connections retryable', async () => {
    rx.replies.push(
      { status: 503, body: `down ${SECRET}` },
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 404 },
      { status: 400 },
    );
    const c = config({ secret: SECRET });
    const e503 = await actionError(() => webhook.execute(c, ctx(), services));
    expect(e503.retryable).toBe(true);
    expect(e503.message).not.toContain(SECRET);
    const e429 = await actionError(() => webhook.execute(c, ctx(), services));
    expect(e429).toBeInstanceOf(RetryLaterError);
    expect(e429).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    expect((await actionError(() => webhook.execute(c, ctx(), services))).retryable).toBe(false);
    expect((await actionError(() => webhook.execute(c, ctx(), services))).retryable).toBe(false);
    const dead = config({ url: `http://127.0.0.1:${await closedPort()}/hook` });
    const refused = await actionError(() => webhook.execute(dead, ctx(), services));
    expect(refused.retryable).toBe(true);
  });

  it('sends nothing in a dry run', async () => {
    const out = await webhook.execute(config({ secret: SECRET }), ctx(transition(), true), services);
    expect(out.status).toBe('noop');
    expect(out.detail).toMatch(/^dry run: would POST www-down ALARM to .* \(signed\)$/);
    expect(out.detail).not.toContain(SECRET);
    expect(rx.requests).toHaveLength(0);
  });
});
