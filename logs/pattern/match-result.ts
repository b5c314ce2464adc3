/** What matching one log event message against a filter pattern gives. */
export interface PatternMatch {
  readonly matched: boolean;
  /**
   * The values TestMetricFilter reports for a match: `$.selector` keys for JSON patterns, `$name` / `$position`
   * keys for space-delimited patterns, none for terms and regular expressions. Empty when not matched.
   */
  readonly extractedValues: Readonly<Record<string, string>>;
}

/** A compiled matcher for one syntax. Neither method throws, whatever the message. */
export interface MessageMatcher {
  test(message: string): boolean;
  match(message: string): PatternMatch;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** Shared results, so that term matching allocates nothing per event. */
export const NO_MATCH: PatternMatch = Object.freeze({ matched: false, extractedValues: EMPTY });
export const MATCH_WITHOUT_VALUES: PatternMatch = Object.freeze({ matched: true, extractedValues: EMPTY });
