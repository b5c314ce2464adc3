export type {
  AndNode,
  ComparisonOperator,
  ComparisonValue,
  DelimitedField,
  EllipsisField,
  FieldComparison,
  FieldCondition,
  FilterPatternAst,
  FilterPatternKind,
  JsonComparison,
  JsonCondition,
  JsonPattern,
  JsonSelector,
  JsonTest,
  MatchAllPattern,
  NumberValue,
  OrNode,
  RegexAtom,
  RegexClassItem,
  RegexNode,
  RegexPattern,
  RegexPiece,
  RegexRange,
  RegexShorthand,
  RegexValue,
  SpaceDelimitedPattern,
  StringValue,
  TermGroup,
  TermNode,
  TermsPattern,
} from './ast.ts';
export { compileMetricFilter } from './compile-metric-filter.ts';
export type { CompiledMetricFilter, MetricFilterDefinition, MetricFilterEvaluation } from './compile-metric-filter.ts';
export {
  FILTER_PATTERN_MAX_DEPTH,
  FILTER_PATTERN_MAX_LENGTH,
  FILTER_PATTERN_MAX_REGEX,
  METRIC_FILTER_MAX_DIMENSIONS,
  REGEX_MAX_CACHED_STATES,
  REGEX_MAX_REPEAT,
  REGEX_MAX_STATES,
  TEST_METRIC_FILTER_MAX_EVENTS,
} from './limits.ts';
export type { PatternMatch } from './match-result.ts';
export { parseFilterPattern } from './parse-filter-pattern.ts';
export type { FilterPattern } from './parse-filter-pattern.ts';
export { parsePatternAst } from './parse-pattern.ts';
export { PatternLimitError, PatternSyntaxError } from './pattern-syntax-error.ts';
export type { PatternLimit } from './pattern-syntax-error.ts';
export { checkMetricTransformation, MetricTransformationError, resolveMetricValue } from './resolve-metric-value.ts';
export type { MetricValueResolution, MetricValueSkipReason } from './resolve-metric-value.ts';
export { testMetricFilter } from './test-metric-filter.ts';
export type { MetricFilterMatchRecord, TestMetricFilterResult } from './test-metric-filter.ts';
export { tokenizePattern } from './tokenize.ts';
export type { Token, TokenKind } from './tokenize.ts';
