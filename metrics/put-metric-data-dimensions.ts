import type { Dimensions } from '../core/types.ts';
import { joinPath, type IssueList } from './metric-data-error.ts';
import { DIMENSION_NAME_RULE, DIMENSION_VALUE_RULE, METRIC_LIMITS, nameProblem } from './metric-name-rules.ts';
import { checkKeys, has, isObject, type Shape } from './put-metric-data-shape.ts';
import { describeJson } from './time-input.ts';

/** A datapoint's dimensions: `{ Name: value }` (ours) or `[{ name, value }]` / CloudWatch's `[{ Name, Value }]`. */
export function parseDimensions(raw: unknown, path: string, s: Shape, issues: IssueList): Dimensions {
  if (raw === undefined) return {};
  const entries: Array<{
    name: unknown;
    value: unknown;
    namePath: () => string;
    nameLabel: string;
    valuePath: () => string;
  }> = [];
  if (Array.isArray(raw)) {
    raw.forEach((d, j) => {
      if (!isObject(d)) {
        issues.add(
          joinPath(path, j),
          `must be an object {"${s.dimName}": …, "${s.dimValue}": …}, got ${describeJson(d)}`,
        );
        return;
      }
      if (Object.keys(d).length !== 2 || !has(d, s.dimName) || !has(d, s.dimValue))
        checkKeys(d, joinPath(path, j), s.keys.dimension, issues);
      entries.push({
        name: d[s.dimName],
        value: d[s.dimValue],
        nameLabel: '',
        namePath: () => joinPath(joinPath(path, j), s.dimName),
        valuePath: () => joinPath(joinPath(path, j), s.dimValue),
      });
    });
  } else if (isObject(raw) && s.name === 'canarykit') {
    for (const k of Object.keys(raw)) {
      if (raw[k] !== undefined)
        entries.push({
          name: k,
          value: raw[k],
          namePath: () => joinPath(path, k),
          nameLabel: 'the dimension name ',
          valuePath: () => joinPath(path, k),
        });
    }
  } else {
    issues.add(
      path,
      s.name === 'canarykit'
        ? `must be an object like {"Service": "cart"} or an array of {"name", "value"}, got ${describeJson(raw)}`
        : `must be an array of {"Name", "Value"}, got ${describeJson(raw)}`,
    );
    return {};
  }
  if (entries.length > METRIC_LIMITS.maxDimensions)
    issues.add(path, `at most ${METRIC_LIMITS.maxDimensions} dimensions are allowed, got ${entries.length}`);
  const seen = new Map<string, () => string>();
  const ok: Array<[string, string]> = [];
  for (const { name, value, namePath, nameLabel, valuePath } of entries) {
    const np = has({ name }, 'name') ? nameProblem(name, DIMENSION_NAME_RULE) : 'is required';
    const vp = has({ value }, 'value') ? nameProblem(value, DIMENSION_VALUE_RULE) : 'is required';
    if (np) issues.add(namePath(), `${nameLabel}${np}`);
    if (vp) issues.add(valuePath(), vp);
    if (np || vp || typeof name !== 'string') continue;
    const first = seen.get(name);
    if (first !== undefined) {
      issues.add(namePath(), `duplicate dimension name "${name}" (first at ${first()})`);
      continue;
    }
    seen.set(name, namePath);
    ok.push([name, value as string]);
  }
  return Object.fromEntries(ok);
}
