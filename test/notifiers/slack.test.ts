import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../actions/notify/http-post.ts';
import { slack } from '../../actions/slack/slack-action.ts';
import { actionError, ctx, services, transition } from './fixtures.ts';
import { startHttpReceiver, type HttpReceiver } from './http-receiver.ts';

const TOKEN_PATH = '/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';
let rx: HttpReceiver;
beforeEach(async () => {
  rx = await startHttpReceiver();
});
afterEach(async () => rx.close());

const config = (extra: Record<string, unknown> = {}) =>
  slack.schema.parse({ type: 'slack', url: `${rx.url}${TOKEN_PATH}`, ...extra });

interface Attachment {
  color: string;
  blocks: Array<{
    type: string;
    text?: { text: string };
    fields?: Array<{ text: string }>;
    elements?: Array<{ text: string }>;
  }>;
}

describe('slack notifier', () => {
  it('posts Block Kit in a state-coloured attachment, with a text fallback, channel, username and links', async () => {
    const out = await slack.execute(
      config({ channel: '#ops', username: 'canarykit' }),
      ctx(transition('ALARM', 'OK', { runId: 'run-7' })),
      services,
    );
    expect(out.status).toBe('done');
    const req = rx.requests[0]!;
    expect(req.path).toBe(TOKEN_PATH);
    expect(req.headers['content-type']).toBe('application/json');
    const body = req.json as { text: string; channel: string; username: string; attachments: Attachment[] };
    expect(body).toMatchObject({ channel: '#ops', username: 'canarykit' });
    expect(body.text).toContain('[ALARM] www-down (OK → ALARM)');
    expect(body.text).toContain('<http://127.0.0.1:8080/api/alarms/www-down|details>');
    const att = body.attachments[0]!;
    expect(att.color).toBe('#d93025');
    const text = JSON.stringify(att.blocks);
    expect(att.blocks[0]).toMatchObject({ type: 'header', text: { text: '[ALARM] www-down (OK → ALARM)' } });
    expect(text).toContain('Threshold Crossed');
    expect(text).toContain('OK → ALARM');
    expect(text).toContain('2025-01-02T03:04:05.000Z');
    expect(text).toContain('<http://127.0.0.1:8080/api/alarms/www-down|Alarm www-down>');
    expect(text).toContain('<http://127.0.0.1:8080/api/runs/run-7|Run>');
  });

  it('colours OK green, escapes mrkdwn control characters, and omits links without an API base URL', async () => {
    const t = transition('OK', 'ALARM', { reason: 'latency <fine> & stable' });
    const { apiBaseUrl: _unused, ...withoutApi } = services;
    await slack.execute(config(), ctx(t), withoutApi);
    const body = rx.requests[0]!.json as { text: string; attachments: Attachment[] };
    expect(body.attachments[0]!.color).toBe('#1e8e3e');
    expect(body.text).toContain('latency &lt;fine&gt; &amp; stable');
    expect(body.text).not.toContain('details>');
    expect(body.attachments[0]!.blocks.some((b) => b.type === 'context')).toBe(false);
    expect(body).not.toHaveProperty('channel');
  });

  it('retries 5xx and 429 (Retry-After) but not 4xx, and never reveals the webhook token', async () => {
    rx.replies.push(
      { status: 500, body: 'oops' },
      { status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' },
      { status: 404, body: 'no_service' },
      { status: 400, body: 'invalid_payload' },
    );
    const c = config();
    const e500 = await actionError(() => slack.execute(c, ctx(), services));
    expect(e500.retryable).toBe(true);
    const e429 = await actionError(() => slack.execute(c, ctx(), services));
    expect(e429).toBeInstanceOf(RetryLaterError);
    expect(e429).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    const e404 = await actionError(() => slack.execute(c, ctx(), services));
    expect(e404.retryable).toBe(false);
    expect(e404.message).toContain('no_service');
    const e400 = await actionError(() => slack.execute(c, ctx(), services));
    expect(e400.retryable).toBe(false);
    for (const e of [e500, e429, e404, e400]) expect(e.message).not.toContain('XXXXXXXX');
  });

  it('sends nothing in a dry run', async () => {
    const out = await slack.execute(config({ channel: '#ops' }), ctx(transition(), true), services);
    expect(out).toEqual({
      status: 'noop',
      detail: `dry run: would post "[ALARM] www-down (OK → ALARM)" to Slack webhook at ${rx.url} (#ops)`,
    });
    expect(rx.requests).toHaveLength(0);
  });
});
