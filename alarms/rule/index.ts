export type {
  AlarmRuleNode,
  AndNode,
  AtLeastNode,
  AtLeastThreshold,
  ConstantNode,
  NotNode,
  OrNode,
  StateNode,
} from './ast.ts';
export { alarmRuleChildren, walkAlarmRule } from './alarm-rule-children.ts';
export { evaluateAlarmRule, explainAlarmRule } from './evaluate-alarm-rule.ts';
export type { AlarmRuleExplanation, ChildAlarmStates } from './evaluate-alarm-rule.ts';
export { formatAlarmRule, quoteAlarmName } from './format-alarm-rule.ts';
export { ALARM_RULE_MAX_CHILDREN, ALARM_RULE_MAX_DEPTH, ALARM_RULE_MAX_LENGTH } from './limits.ts';
export { parseAlarmRule } from './parse-alarm-rule.ts';
export { AlarmRuleLimitError, AlarmRuleSyntaxError } from './syntax-error.ts';
export type { AlarmRuleLimit } from './syntax-error.ts';
export { tokenizeAlarmRule } from './tokenize.ts';
export type { Token, TokenKind } from './tokenize.ts';
