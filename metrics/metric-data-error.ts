/** One problem with an API input, with its place (`metricData[3].dimensions[1].value`, or a query parameter). */
export interface MetricDataIssue {
  path: string;
  message: string;
}

/** A rejected metrics request; the HTTP layer answers it as 400 `{ message, issues }`. */
export class MetricDataError extends Error {
  readonly issues: MetricDataIssue[];
  /** How many problems were found; `issues` holds at most the first 100. */
  readonly total: number;

  constructor(issues: MetricDataIssue[], what = 'request', total = issues.length) {
    const shown = issues
      .slice(0, 3)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join('; ');
    const more = total > 3 ? ` (+${total - 3} more problem${total - 3 === 1 ? '' : 's'})` : '';
    super(`invalid ${what}: ${shown}${more}`);
    this.name = 'MetricDataError';
    this.issues = issues;
    this.total = total;
  }
}

/** Collects issues up to a cap and counts the rest. */
export class IssueList {
  readonly items: MetricDataIssue[] = [];
  total = 0;
  constructor(private readonly cap = 100) {}

  add(path: string, message: string): void {
    this.total += 1;
    if (this.items.length < this.cap) this.items.push({ path, message });
  }

  get full(): boolean {
    return this.total >= this.cap;
  }

  throwIfAny(what: string): void {
    if (this.total > 0) this.raise(what);
  }

  raise(what: string): never {
    throw new MetricDataError(this.items, what, this.total);
  }
}

/** `base` + `.key` (or `["odd key"]`) for issue paths. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}
