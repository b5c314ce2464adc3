/** Stage: does the action run now, wait, or not at all (mutes, maintenance windows, composite suppression)? */
import type { ActionGateInputs, GateDecision, GateInputs } from '../../core/action-gate.ts';
import type { AlarmTransition } from '../../core/types.ts';

export async function suppress(t: AlarmTransition, inputs: ActionGateInputs | undefined): Promise<GateDecision> {
  return inputs ? gateAction(t, await inputs(t)) : { action: 'run' };
}

/**
 * Decides whether a transition's action runs now, waits, or is suppressed. Pure: everything is passed in.
 * - A mute or an open maintenance window at the transition's time suppresses it (alarms keep evaluating).
 * - Composite action suppression, with CloudWatch's semantics: while the suppressor is in ALARM the actions
 *   wait; after the suppressor leaves ALARM they wait `extensionPeriod` more; when the composite goes to ALARM
 *   they first wait up to `waitPeriod` for the suppressor to go to ALARM. Actions of a transition superseded
 *   while waiting are dropped.
 */
export function gateAction(t: AlarmTransition, g: GateInputs): GateDecision {
  const at = Date.parse(t.timestamp);
  if (g.mute && Date.parse(g.mute.until) > at)
    return { action: 'skip', reason: `alarm muted until ${g.mute.until}: ${g.mute.reason}` };
  if (g.maintenanceWindow)
    return { action: 'skip', reason: `maintenance window "${g.maintenanceWindow.name}" is open` };
  const s = t.suppressor;
  if (!s || !g.suppressor) return { action: 'run' };
  const superseded = g.current.transitionId !== undefined && g.current.transitionId !== t.id;
  if (g.suppressor.state === 'ALARM') {
    if (superseded)
      return { action: 'skip', reason: `suppressed by ${s.alarm} (in ALARM), then superseded by a newer transition` };
    return { action: 'delay', until: g.now + 1_000, reason: `suppressed by ${s.alarm}, which is in ALARM` };
  }
  const leftAlarmAt = g.suppressor.previousState === 'ALARM' ? Date.parse(g.suppressor.updatedAt) : undefined;
  if (
    leftAlarmAt !== undefined &&
    g.now < leftAlarmAt + s.extensionPeriod * 1000 &&
    leftAlarmAt + s.extensionPeriod * 1000 > at
  ) {
    if (superseded)
      return {
        action: 'skip',
        reason: `suppressed by ${s.alarm} (extension period), then superseded by a newer transition`,
      };
    return {
      action: 'delay',
      until: leftAlarmAt + s.extensionPeriod * 1000,
      reason: `suppressed by ${s.alarm}: extension period after it left ALARM`,
    };
  }
  if (t.newState === 'ALARM' && g.now < at + s.waitPeriod * 1000) {
    return {
      action: 'delay',
      until: at + s.waitPeriod * 1000,
      reason: `waiting up to ${s.waitPeriod} s for suppressor ${s.alarm}`,
    };
  }
  if (superseded)
    return { action: 'skip', reason: 'superseded by a newer transition while waiting for the suppressor' };
  return { action: 'run' };
}
