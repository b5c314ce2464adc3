/**
 * Matching space-delimited patterns. The message is split into fields (split-fields.ts); without `...` it must have
 * exactly as many fields as the pattern, with `...` at least as many as the other pattern fields, which then take
 * the first and the last message fields while `...` takes those in between. Conditions compare field values as
 * compare-value.ts says (numbers numerically, strings with leading / trailing `*` wildcards, regular expressions).
 *
 * Extracted values (TestMetricFilter's `extractedValues`), as the user guide's example shows them: every message
 * field, under `$name` when the pattern names its field and under `$N` (its 1-based position in the message)
 * otherwise: fields taken by `...` and empty pattern fields. For `[..., request=*.html*, status_code=4*,]` and a
 * seven-field access-log line that is `$1`…`$4`, `$request`, `$status_code` and `$7`.
 */
import type { DelimitedField, EllipsisField, FieldCondition, SpaceDelimitedPattern } from './ast.ts';
import { compareText, numericValue } from './compare-value.ts';
import { compileValue } from './compile-value.ts';
import { NO_MATCH, type MessageMatcher, type PatternMatch } from './match-result.ts';
import { FieldSplitter } from './split-fields.ts';

interface Context {
  message: string;
  /** Message field count of the current message. */
  count: number;
  generation: number;
}

type Evaluator = () => boolean;

export function spaceDelimitedMatcher(pattern: SpaceDelimitedPattern): MessageMatcher {
  const fields: readonly (DelimitedField | EllipsisField)[] = pattern.fields;
  const size = fields.length;
  const ellipsis = fields.findIndex((field) => field.kind === 'ellipsis');
  const fixed = ellipsis < 0 ? size : size - 1;
  const after = ellipsis < 0 ? 0 : size - 1 - ellipsis;
  const names = fields.map((field) => (field.kind === 'field' ? field.name : null));
  const indexByName = new Map<string, number>();
  names.forEach((name, i) => {
    if (name !== null) indexByName.set(name, i);
  });

  const splitter = new FieldSplitter();
  const context: Context = { message: '', count: 0, generation: 0 };
  const cachedAt = new Int32Array(size);
  const cached: string[] = new Array<string>(size).fill('');

  /** Message field index of pattern field `p` (never the ellipsis). */
  const messageIndex = (p: number): number => (ellipsis < 0 || p < ellipsis ? p : context.count - (size - p));

  const valueOf = (p: number): string => {
    if (cachedAt[p] !== context.generation) {
      cachedAt[p] = context.generation;
      const k = messageIndex(p);
      cached[p] = context.message.slice(splitter.starts[k], splitter.ends[k]);
    }
    return cached[p] as string;
  };

  const compile = (condition: FieldCondition): Evaluator => {
    switch (condition.type) {
      case 'and': {
        const operands = condition.operands.map(compile);
        return () => operands.every((operand) => operand());
      }
      case 'or': {
        const operands = condition.operands.map(compile);
        return () => operands.some((operand) => operand());
      }
      case 'compare': {
        const p = indexByName.get(condition.field) ?? 0;
        const operator = condition.operator;
        const value = compileValue(condition.value);
        const numeric = value.kind === 'number';
        return () => {
          const text = valueOf(p);
          return compareText(operator, value, text, numeric ? numericValue(text) : NaN);
        };
      }
    }
  };

  const conditions: Evaluator[] = [];
  for (const field of fields)
    if (field.kind === 'field' && field.condition !== null) conditions.push(compile(field.condition));

  const test = (message: string): boolean => {
    if (typeof message !== 'string') return false;
    const count = splitter.split(message, ellipsis < 0 ? size : Number.MAX_SAFE_INTEGER);
    if (ellipsis < 0 ? count !== size : count < fixed) return false;
    context.message = message;
    context.count = count;
    context.generation = context.generation === 0x7fffffff ? 1 : context.generation + 1;
    if (context.generation === 1) cachedAt.fill(0);
    for (let i = 0; i < conditions.length; i++) if (!(conditions[i] as Evaluator)()) return false;
    return true;
  };

  return {
    test,
    match(message: string): PatternMatch {
      if (!test(message)) return NO_MATCH;
      const extractedValues: Record<string, string> = {};
      const count = context.count;
      const firstAfter = count - after;
      for (let k = 0; k < count; k++) {
        let name: string | null = null;
        if (ellipsis < 0) name = names[k] ?? null;
        else if (k < ellipsis) name = names[k] ?? null;
        else if (k >= firstAfter) name = names[ellipsis + 1 + (k - firstAfter)] ?? null;
        const value = message.slice(splitter.starts[k], splitter.ends[k]);
        extractedValues[name === null ? `$${k + 1}` : `$${name}`] = value;
      }
      context.message = '';
      return { matched: true, extractedValues };
    },
  };
}
