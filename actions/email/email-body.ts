import { escapeHtml } from '../../core/html-escape.ts';
import { stateColor, type TransitionMessage } from '../notify/transition-message.ts';

export function emailText(m: TransitionMessage): string {
  const lines = [m.summary, '', ...m.fields.map((f) => `${f.label}: ${f.value}`)];
  if (m.links.length > 0) lines.push('', ...m.links.map((l) => `${l.text}: ${l.href}`));
  return `${lines.join('\n')}\n`;
}

export function emailHtml(m: TransitionMessage): string {
  const rows = m.fields
    .map(
      (f) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const links = m.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`).join(' · ');
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2 style="border-left:6px solid ${stateColor[m.newState]};padding-left:8px">${escapeHtml(m.title)}</h2>`,
    `<p>${escapeHtml(m.reason)}</p>`,
    `<table>${rows}</table>`,
    links ? `<p>${links}</p>` : '',
    '</body></html>',
  ].join('\n');
}
