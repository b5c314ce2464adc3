import type { AlarmState } from '../../core/types.ts';

/** Every node records the 1-based char index where it starts in the rule text. */
interface NodeBase {
  readonly position: number;
}

/** `TRUE` or `FALSE`. */
export interface ConstantNode extends NodeBase {
  readonly type: 'constant';
  readonly value: boolean;
}

/** `ALARM(name)`, `OK(name)` or `INSUFFICIENT_DATA(name)`: true when the child alarm is in `state`. */
export interface StateNode extends NodeBase {
  readonly type: 'state';
  readonly state: AlarmState;
  /** Alarm name or ARN, unquoted and unescaped. */
  readonly alarm: string;
}

export interface NotNode extends NodeBase {
  readonly type: 'not';
  readonly operand: AlarmRuleNode;
}

/** `a AND b AND c`: a chain of two or more operands (explicit parentheses keep their own node). */
export interface AndNode extends NodeBase {
  readonly type: 'and';
  readonly operands: readonly AlarmRuleNode[];
}

/** `a OR b OR c`: a chain of two or more operands. */
export interface OrNode extends NodeBase {
  readonly type: 'or';
  readonly operands: readonly AlarmRuleNode[];
}

/** The `M` of `AT_LEAST(M, …)`: an absolute count (`2`) or a percentage (`50%`) of the listed alarms. */
export type AtLeastThreshold =
  { readonly kind: 'count'; readonly count: number } | { readonly kind: 'percent'; readonly percent: number };

/** `AT_LEAST(M, [NOT] STATE, (a, b, …))`. */
export interface AtLeastNode extends NodeBase {
  readonly type: 'atLeast';
  readonly threshold: AtLeastThreshold;
  /** True for `NOT ALARM` / `NOT OK` / `NOT INSUFFICIENT_DATA`: counts alarms *not* in `state`. */
  readonly negated: boolean;
  readonly state: AlarmState;
  /** Alarm names or ARNs as listed (unquoted, unescaped, duplicates kept). */
  readonly alarms: readonly string[];
}

export type AlarmRuleNode = ConstantNode | StateNode | NotNode | AndNode | OrNode | AtLeastNode;
