import { isDeepStrictEqual } from 'node:util';
import type { Assertion, StatusMatcher } from './assert-schema.ts';
import type { IncomingResponse } from './http.ts';
import { selectAll } from './json-path.ts';

export interface AssertionOutcome {
  /** What was checked: `status 200`, `$.orders.length > 0`, `header etag exists`. */
  check: string;
  passed: boolean;
  /** Why it failed: `expected status 200, got 500`. */
  error?: string;
}

/** The response body parsed as JSON once, on first use. */
export type JsonBody = () => { ok: true; value: unknown } | { ok: false; error: string };

export function jsonBody(res: IncomingResponse): JsonBody {
  let parsed: ReturnType<JsonBody> | undefined;
  return () => (parsed ??= parse(res));
}

function parse(res: IncomingResponse): ReturnType<JsonBody> {
  if (res.bodyTruncated) return { ok: false, error: `a response body over ${res.bodyBytes} bytes, too large to parse` };
  try {
    return { ok: true, value: JSON.parse(res.body) as unknown };
  } catch {
    return {
      ok: false,
      error: res.body.trim() === '' ? 'an empty response body' : `a response body that is not JSON (${show(res.body)})`,
    };
  }
}

const show = (v: unknown): string => {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

export function statusMatches(status: number, m: StatusMatcher): boolean {
  if (typeof m === 'number') return status === m;
  if (Array.isArray(m)) return m.includes(status);
  if (typeof m === 'string') return String(status)[0] === m[0] && status >= 100 && status <= 599;
  return status >= m.min && status <= m.max;
}

function statusPhrase(m: StatusMatcher): string {
  if (typeof m === 'number' || typeof m === 'string') return String(m);
  if (Array.isArray(m)) return m.length === 1 ? String(m[0]) : `${m.slice(0, -1).join(', ')} or ${m[m.length - 1]}`;
  return `${m.min}-${m.max}`;
}

function compare(op: '<' | '<=' | '>' | '>=', a: number, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** `to equal "x"`, `> 0`, `to match /a+/`, `to exist`. */
function opPhrase(op: string, value: unknown): string {
  switch (op) {
    case 'exists':
      return 'to exist';
    case 'equals':
      return `to equal ${show(value)}`;
    case 'notEquals':
      return `not to equal ${show(value)}`;
    case 'contains':
      return `to contain ${show(value)}`;
    case 'matches':
      return `to match ${String(new RegExp(String(value)))}`;
    default:
      return `${op} ${show(value)}`;
  }
}

function holds(op: string, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return true;
    case 'equals':
      return isDeepStrictEqual(actual, expected);
    case 'notEquals':
      return !isDeepStrictEqual(actual, expected);
    case 'contains':
      if (typeof actual === 'string') return actual.includes(String(expected));
      if (Array.isArray(actual)) return actual.some((x) => isDeepStrictEqual(x, expected));
      if (actual !== null && typeof actual === 'object') return Object.hasOwn(actual, String(expected));
      return false;
    case 'matches':
      return (
        ['string', 'number', 'boolean'].includes(typeof actual) && new RegExp(String(expected)).test(String(actual))
      );
    default:
      return typeof actual === 'number' && typeof expected === 'number' && compare(op as '<', actual, expected);
  }
}

const outcome = (check: string, passed: boolean, got: () => string): AssertionOutcome =>
  passed ? { check, passed } : { check, passed, error: `expected ${check}, got ${got()}` };

/** Checks one assertion against a response; `totalMs` is the response time. */
export function evaluate(a: Assertion, res: IncomingResponse, totalMs: number, json: JsonBody): AssertionOutcome {
  if ('status' in a)
    return outcome(`status ${statusPhrase(a.status)}`, statusMatches(res.status, a.status), () => String(res.status));
  if ('responseTimeMs' in a) {
    return outcome(
      `response time ${a.responseTimeMs} ${a.value} ms`,
      compare(a.responseTimeMs, totalMs, a.value),
      () => `${totalMs} ms`,
    );
  }
  if ('body' in a) {
    return outcome(`body ${opPhrase(a.body, a.value)}`, holds(a.body, res.body, a.value), () => show(res.body));
  }
  if ('header' in a) {
    const actual = res.headers[a.header];
    const check = `header ${a.header} ${opPhrase(a.op, a.value)}`;
    return outcome(check, actual !== undefined && holds(a.op, actual, a.value), () =>
      actual === undefined ? 'no such header' : show(actual),
    );
  }
  const check = `${a.jsonPath} ${opPhrase(a.op, a.value)}`;
  const doc = json();
  if (!doc.ok) return outcome(check, false, () => doc.error);
  const found = selectAll(doc.value, a.jsonPath);
  const actual = found.length === 1 ? found[0] : found;
  return outcome(check, found.length > 0 && holds(a.op, actual, a.value), () =>
    found.length === 0 ? 'no match' : show(actual),
  );
}

/** Without a status assertion a request must answer below 400. */
export function implicitStatus(res: IncomingResponse): AssertionOutcome {
  return outcome('status below 400', res.status < 400, () => String(res.status));
}
