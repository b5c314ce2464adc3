/**
 * The parsed form of a CloudWatch Logs filter pattern. Every positioned node records the 1-based character index
 * where it starts in the pattern text (see `PatternSyntaxError`).
 */

interface NodeBase {
  readonly position: number;
}

// ── Regular expressions (`%…%`) ────────────────────────────────────────────────────────────────────────────────

/** A predefined class: `\d` digit, `\s` whitespace, `\w` letter / digit / underscore; `negated` for `\D` `\S` `\W`. */
export interface RegexShorthand {
  readonly kind: 'shorthand';
  readonly shorthand: 'digit' | 'space' | 'word';
  readonly negated: boolean;
}

/** An inclusive range of UTF-16 code units; a single character is a range of one. */
export interface RegexRange {
  readonly kind: 'range';
  readonly from: number;
  readonly to: number;
}

export type RegexClassItem = RegexShorthand | RegexRange;

export type RegexAtom =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'any' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly items: readonly RegexClassItem[] }
  | { readonly kind: 'start' }
  | { readonly kind: 'end' };

/** An atom repeated from `min` to `max` times (`max` is `Infinity` for `*`, `+` and `{m,}`). */
export interface RegexPiece extends NodeBase {
  readonly atom: RegexAtom;
  readonly min: number;
  readonly max: number;
}

/** `%a|b%`: alternatives of piece sequences. CloudWatch has no parentheses, so there is no deeper nesting. */
export interface RegexNode extends NodeBase {
  readonly type: 'regex';
  /** The text between the `%` signs, as written. */
  readonly source: string;
  readonly alternatives: readonly (readonly RegexPiece[])[];
}

// ── Values compared against JSON properties and space-delimited fields ─────────────────────────────────────────

/**
 * A string value, quoted or not. A leading `*` matches any text before the rest, a trailing `*` any text after it;
 * a `*` anywhere else is a literal star (CloudWatch: "Ev*ent will only match the actual string Ev*ent").
 */
export interface StringValue extends NodeBase {
  readonly kind: 'string';
  /** As written, quotes included for a quoted value. */
  readonly text: string;
  /** The value without its leading and trailing wildcards (and unescaped when quoted). */
  readonly core: string;
  readonly wildcardStart: boolean;
  readonly wildcardEnd: boolean;
}

/** An unquoted number: integer or decimal with an optional sign, optionally in scientific notation. */
export interface NumberValue extends NodeBase {
  readonly kind: 'number';
  readonly text: string;
  readonly value: number;
}

export interface RegexValue extends NodeBase {
  readonly kind: 'regex';
  readonly regex: RegexNode;
}

export type ComparisonValue = StringValue | NumberValue | RegexValue;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface AndNode<T> extends NodeBase {
  readonly type: 'and';
  readonly operands: readonly T[];
}

export interface OrNode<T> extends NodeBase {
  readonly type: 'or';
  readonly operands: readonly T[];
}

// ── Term patterns ──────────────────────────────────────────────────────────────────────────────────────────────

/** A word (`ERROR`) or a quoted phrase (`"Internal Server Error"`): matches when the message contains it. */
export interface TermNode extends NodeBase {
  readonly type: 'term';
  readonly text: string;
  readonly value: string;
  readonly quoted: boolean;
}

/** Terms that must all appear (`include`) while none of `exclude` (`-DEBUG`) does. */
export interface TermGroup {
  readonly include: readonly TermNode[];
  readonly exclude: readonly TermNode[];
}

// ── JSON patterns ──────────────────────────────────────────────────────────────────────────────────────────────

/** `$.a.b[0].c`: property names and array indexes from the root of the event. */
export interface JsonSelector extends NodeBase {
  /** As written; also the key of the value in `extractedValues`. */
  readonly text: string;
  readonly segments: readonly (string | number)[];
}

export interface JsonComparison extends NodeBase {
  readonly type: 'compare';
  readonly selector: JsonSelector;
  readonly operator: ComparisonOperator;
  readonly value: ComparisonValue;
}

/** `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`. */
export interface JsonTest extends NodeBase {
  readonly type: 'test';
  readonly selector: JsonSelector;
  readonly test: 'isNull' | 'notExists' | 'isTrue' | 'isFalse';
}

export type JsonCondition = JsonComparison | JsonTest | AndNode<JsonCondition> | OrNode<JsonCondition>;

// ── Space-delimited patterns ───────────────────────────────────────────────────────────────────────────────────

export interface FieldComparison extends NodeBase {
  readonly type: 'compare';
  /** The field the comparison tests (a field named in the pattern). */
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: ComparisonValue;
}

export type FieldCondition = FieldComparison | AndNode<FieldCondition> | OrNode<FieldCondition>;

/** One position of a space-delimited pattern: a named or unnamed field, with or without a condition. */
export interface DelimitedField extends NodeBase {
  readonly kind: 'field';
  /** `null` for an empty field (`[a, , b]`, or the trailing `,]` of `[…, status_code=4*,]`). */
  readonly name: string | null;
  readonly condition: FieldCondition | null;
}

/** `...`: any number of message fields, including none. */
export interface EllipsisField extends NodeBase {
  readonly kind: 'ellipsis';
}

// ── Whole patterns ─────────────────────────────────────────────────────────────────────────────────────────────

/** The empty (or all-whitespace) pattern: matches every event. */
export interface MatchAllPattern {
  readonly type: 'matchAll';
}

/** Terms: an OR (`?`) of groups of terms. Without any `?` there is exactly one group. */
export interface TermsPattern {
  readonly type: 'terms';
  readonly groups: readonly TermGroup[];
}

/** A standalone regular expression `%…%`: matches when it matches anywhere in the message. */
export interface RegexPattern {
  readonly type: 'regex';
  readonly regex: RegexNode;
}

export interface JsonPattern {
  readonly type: 'json';
  readonly condition: JsonCondition;
  /** Distinct selectors in order of first appearance: what TestMetricFilter extracts. */
  readonly selectors: readonly JsonSelector[];
}

export interface SpaceDelimitedPattern {
  readonly type: 'spaceDelimited';
  readonly fields: readonly (DelimitedField | EllipsisField)[];
}

export type FilterPatternAst = MatchAllPattern | TermsPattern | RegexPattern | JsonPattern | SpaceDelimitedPattern;

/** Which of the syntaxes a pattern is written in. */
export type FilterPatternKind = FilterPatternAst['type'];
