/**
 * Thrown by `parseAlarmRule` for any rule it cannot accept. The message follows
 * CloudWatch's ValidationError text, e.g.
 * `Error in AlarmRule [Unsupported token 'Oldest' at char 67, must be: ')']`.
 */
export class AlarmRuleSyntaxError extends Error {
  /** 1-based character index in the rule where the problem starts (rule length + 1 at end of input). */
  readonly position: number;
  /** The offending token as written in the rule (`''` at end of input or for whole-rule problems). */
  readonly token: string;
  /** The message without the `Error in AlarmRule [...]` wrapper. */
  readonly detail: string;

  constructor(detail: string, position: number, token: string) {
    super(`Error in AlarmRule [${detail}]`);
    this.name = 'AlarmRuleSyntaxError';
    this.detail = detail;
    this.position = position;
    this.token = token;
  }
}

/** Which limit an {@link AlarmRuleLimitError} is about. */
export type AlarmRuleLimit = 'length' | 'children' | 'nesting';

/** A rule that is well formed but exceeds a limit (length, distinct child alarms, nesting depth). */
export class AlarmRuleLimitError extends AlarmRuleSyntaxError {
  readonly limit: AlarmRuleLimit;

  constructor(limit: AlarmRuleLimit, detail: string, position: number, token: string) {
    super(detail, position, token);
    this.name = 'AlarmRuleLimitError';
    this.limit = limit;
  }
}
