import type { ActionContext, ActionServices } from '../../core/action.ts';
import type { AlarmState } from '../../core/types.ts';

export interface MessageField {
  label: string;
  value: string;
}

export interface MessageLink {
  text: string;
  href: string;
}

/** What every notifier says about one alarm transition, in one place. */
export interface TransitionMessage {
  alarm: string;
  oldState: AlarmState;
  newState: AlarmState;
  reason: string;
  time: string;
  transitionId: string;
  action: string;
  /** `[ALARM] www-down (OK → ALARM)` */
  title: string;
  /** `www-down changed from OK to ALARM: <reason>` */
  summary: string;
  fields: MessageField[];
  /** API link of the alarm (when the API base URL is known). */
  alarmUrl?: string;
  /** API link of the run that caused the transition (when the transition carries a `runId`). */
  runUrl?: string;
  links: MessageLink[];
}

/** Hex colours per state (Slack attachment bar, HTML accents). */
export const stateColor: Record<AlarmState, string> = {
  ALARM: '#d93025',
  OK: '#1e8e3e',
  INSUFFICIENT_DATA: '#9aa0a6',
};

export function transitionMessage(ctx: ActionContext, services: ActionServices): TransitionMessage {
  const t = ctx.transition;
  const base = services.apiBaseUrl?.replace(/\/+$/, '');
  // Transitions may carry the id of the run that caused them; read it without requiring it.
  const runId = (t as { runId?: unknown }).runId;
  const alarmUrl = base ? `${base}/api/alarms/${encodeURIComponent(t.alarm)}` : undefined;
  const runUrl =
    base && typeof runId === 'string' && runId ? `${base}/api/runs/${encodeURIComponent(runId)}` : undefined;
  const links: MessageLink[] = [];
  if (alarmUrl) links.push({ text: `Alarm ${t.alarm}`, href: alarmUrl });
  if (runUrl) links.push({ text: 'Run', href: runUrl });
  return {
    alarm: t.alarm,
    oldState: t.oldState,
    newState: t.newState,
    reason: t.reason,
    time: t.timestamp,
    transitionId: t.id,
    action: ctx.actionName,
    title: `[${t.newState}] ${t.alarm} (${t.oldState} → ${t.newState})`,
    summary: `${t.alarm} changed from ${t.oldState} to ${t.newState}: ${t.reason}`,
    fields: [
      { label: 'Alarm', value: t.alarm },
      { label: 'State', value: `${t.oldState} → ${t.newState}` },
      { label: 'Reason', value: t.reason },
      { label: 'Time', value: t.timestamp },
      { label: 'Transition', value: t.id },
    ],
    ...(alarmUrl ? { alarmUrl } : {}),
    ...(runUrl ? { runUrl } : {}),
    links,
  };
}

/** Cuts `s` to at most `max` characters, marking the cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
