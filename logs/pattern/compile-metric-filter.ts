import type { JsonSelector } from './ast.ts';
import { compileMatcher } from './compile-matcher.ts';
import type { PatternMatch } from './match-result.ts';
import { parseFilterPattern, type FilterPattern } from './parse-filter-pattern.ts';
import { parseSelector } from './parse-selector.ts';
import { PatternSyntaxError } from './pattern-syntax-error.ts';
import {
  checkMetricTransformation,
  isFieldReference,
  MetricTransformationError,
  resolveMetricValue,
  type MetricValueResolution,
} from './resolve-metric-value.ts';

export interface MetricFilterDefinition {
  readonly filterPattern: string;
  /** A number ("1") or a field reference (`$.latency`, `$bytes`, `$7`). */
  readonly metricValue: string;
  /** Up to three dimension names, each mapped to a field reference. */
  readonly dimensions?: Readonly<Record<string, string>>;
}

export type MetricFilterEvaluation =
  | { readonly matched: false }
  | {
      readonly matched: true;
      /** The pattern's extracted values, plus the JSON selectors the transformation references. */
      readonly extractedValues: Readonly<Record<string, string>>;
      readonly datapoint: MetricValueResolution;
    };

export interface CompiledMetricFilter {
  readonly pattern: FilterPattern;
  /** Matches one event and resolves its datapoint. Never throws. */
  evaluate(message: string): MetricFilterEvaluation;
}

const POSITIONAL = /^\$[1-9][0-9]*$/;

function referencedSelectors(pattern: FilterPattern, references: readonly string[]): JsonSelector[] {
  const selectors: JsonSelector[] = [];
  const ast = pattern.ast;
  for (const reference of references) {
    if (ast.type === 'json') {
      try {
        selectors.push(parseSelector(reference, 1));
      } catch (error) {
        if (!(error instanceof PatternSyntaxError)) throw error;
        throw new MetricTransformationError(
          `${reference} is not a JSON selector (${error.message}); a JSON pattern's fields are referenced as $.name`,
        );
      }
    } else if (ast.type === 'spaceDelimited') {
      const named = ast.fields.some(
        (field) => field.kind === 'field' && field.name !== null && `$${field.name}` === reference,
      );
      if (!named && !POSITIONAL.test(reference)) {
        throw new MetricTransformationError(
          `${reference} is not a field of the pattern; use $name for a field it names or $N for the N-th field`,
        );
      }
    } else {
      throw new MetricTransformationError(
        `${reference} refers to a field, but a ${ast.type} pattern extracts no fields; use a JSON or space-delimited pattern`,
      );
    }
  }
  return selectors;
}

/**
 * Compiles a metric filter: its pattern, and a transformation whose references are checked against the pattern
 * (JSON patterns take `$.selectors`, also ones the pattern does not test; space-delimited patterns take `$name` of a
 * named field or `$N`; term patterns take only numbers). Matching parses a JSON message once for both.
 *
 * @throws PatternSyntaxError for a bad pattern, MetricTransformationError for a bad transformation.
 */
export function compileMetricFilter(definition: MetricFilterDefinition): CompiledMetricFilter {
  const pattern = parseFilterPattern(definition.filterPattern);
  const dimensions = definition.dimensions ?? {};
  checkMetricTransformation(definition.metricValue, dimensions);
  const references = [definition.metricValue, ...Object.values(dimensions)].filter(isFieldReference);
  const matcher = compileMatcher(pattern.ast, referencedSelectors(pattern, references));
  return {
    pattern,
    evaluate(message: string): MetricFilterEvaluation {
      const match: PatternMatch = matcher.match(message);
      if (!match.matched) return { matched: false };
      return {
        matched: true,
        extractedValues: match.extractedValues,
        datapoint: resolveMetricValue(match, definition.metricValue, dimensions),
      };
    },
  };
}
