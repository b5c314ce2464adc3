import { stateColor, truncate, type TransitionMessage } from '../notify/transition-message.ts';

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const emoji = { ALARM: ':red_circle:', OK: ':large_green_circle:', INSUFFICIENT_DATA: ':white_circle:' } as const;

export interface SlackOptions {
  channel?: string | undefined;
  username?: string | undefined;
}

/**
 * An incoming-webhook message: Block Kit blocks inside one attachment (so the bar takes the state's colour),
 * plus a plain `text` fallback for notifications and clients without blocks.
 */
export function slackPayload(m: TransitionMessage, o: SlackOptions): Record<string, unknown> {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${m.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(m.reason) || '(no reason given)', 3_000) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*State*\n${m.oldState} → ${m.newState}` },
        { type: 'mrkdwn', text: `*Time*\n${escapeMrkdwn(m.time)}` },
        { type: 'mrkdwn', text: `*Alarm*\n${truncate(escapeMrkdwn(m.alarm), 1_900)}` },
        { type: 'mrkdwn', text: `*Transition*\n\`${truncate(escapeMrkdwn(m.transitionId), 1_900)}\`` },
      ],
    },
  ];
  if (m.links.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.links.map((l) => `<${l.href}|${escapeMrkdwn(l.text)}>`).join('  ·  ') }],
    });
  }
  const link = m.alarmUrl ? ` <${m.alarmUrl}|details>` : '';
  return {
    text: `${emoji[m.newState]} ${escapeMrkdwn(m.title)}: ${escapeMrkdwn(m.reason)}${link}`,
    ...(o.channel ? { channel: o.channel } : {}),
    ...(o.username ? { username: o.username } : {}),
    attachments: [{ color: stateColor[m.newState], blocks }],
  };
}
