import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { failoverProject } from '../support/failover-project.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

describe('alarm control over the HTTP API: set-state and mutes', () => {
  const prefix = testPrefix('ctlapi');
  let stack: Stack;
  let tmp: TempProject;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    let project;
    ({ tmp, project } = await failoverProject({ prefix, primaryUrl: 'http://127.0.0.2:9/', webhookUrl: hooks.url }));
    stack = await startStack({ project, roles: ['api', 'actions'] });
  });
  afterAll(async () => {
    await stack?.close();
    await hooks?.close();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('set-state changes the state and fires its actions once', async () => {
    const res = await post('/api/alarms/www-down/state', { stateValue: 'ALARM', stateReason: 'paging test' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      changed: true,
      transition: { oldState: 'INSUFFICIENT_DATA', newState: 'ALARM', kind: 'set-state' },
    });
    await waitFor('the ALARM webhook', () => hooks.messages.some((m) => m.newState === 'ALARM'));
    const records = (await (await fetch(`${stack.apiUrl}/api/dns/records`)).json()) as Array<{ side: string }>;
    await waitFor(
      'DNS failover',
      async () =>
        ((await (await fetch(`${stack.apiUrl}/api/dns/records`)).json()) as Array<{ side: string }>)[0]?.side ===
        'secondary',
    );
    expect(records).toHaveLength(1);
    const alarm = (await (await fetch(`${stack.apiUrl}/api/alarms/www-down`)).json()) as {
      state: string;
      reason: string;
    };
    expect(alarm).toMatchObject({ state: 'ALARM', reason: 'set-state: paging test' });
  });

  it('a mute suppresses actions and is recorded', async () => {
    const muted = await post('/api/alarms/www-down/mute', { for: '10m', reason: 'maintenance' });
    expect(muted.status).toBe(200);
    const before = hooks.messages.length;
    await post('/api/alarms/www-down/state', { stateValue: 'OK', stateReason: 'muted change' });
    await waitFor('suppression recorded', async () => {
      const h = (await (await fetch(`${stack.apiUrl}/api/alarms/www-down/history?type=Action`)).json()) as Array<{
        summary: string;
      }>;
      return h.filter((i) => /suppressed: alarm muted until .*: maintenance/.test(i.summary)).length === 2;
    });
    expect(hooks.messages.length).toBe(before);
    expect((await post('/api/alarms/www-down/mute', {}, 'DELETE')).status).toBe(200);
  });

  it('rejects bad bodies with a 400 naming the field', async () => {
    const bad = await post('/api/alarms/www-down/state', { stateValue: 'BROKEN' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/stateValue: .*stateReason/s);
    const badMute = await post('/api/alarms/www-down/mute', { for: 'soon' });
    expect(badMute.status).toBe(400);
    expect(((await badMute.json()) as { message: string }).message).toMatch(/^for: expected a duration/);
    const notJson = await fetch(`${stack.apiUrl}/api/alarms/www-down/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect((await post('/api/alarms/ghost/state', { stateValue: 'OK', stateReason: 'x' })).status).toBe(404);
  });
});
