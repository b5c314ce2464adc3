/** Maximum AlarmRule length in characters (PutCompositeAlarm's documented constraint). */
export const ALARM_RULE_MAX_LENGTH = 10_240;

/** Maximum distinct underlying alarms one composite alarm can monitor (CloudWatch user guide). */
export const ALARM_RULE_MAX_CHILDREN = 100;

/**
 * Maximum nesting of parentheses and NOTs. Not a documented CloudWatch limit:
 * canarykit's own guard so that a pathological rule (thousands of `(`) fails
 * with an {@link AlarmRuleLimitError} instead of overflowing the call stack.
 */
export const ALARM_RULE_MAX_DEPTH = 200;
