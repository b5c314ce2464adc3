import { InvalidDnsRecordError } from '../providers/builtin-dns/record-state-store.ts';
import { UnknownAlarmError } from '../alarms/alarm-control.ts';
import { AlarmRuleSyntaxError } from '../alarms/rule/syntax-error.ts';
import { ConfigError } from '../core/diagnostics.ts';
import { TimeoutExceededError } from '../core/with-timeout.ts';
import { MetricDataError } from '../metrics/metric-data-error.ts';
import { StatisticSyntaxError } from '../metrics/statistic-name.ts';
import { ZodError } from 'zod';
import { HttpError } from './http-error.ts';

/** What the API answers for an error it knows. */
export interface ErrorAnswer {
  status: number;
  body: { message: string } & Record<string, unknown>;
  headers: Readonly<Record<string, string>>;
}

export interface ErrorAnswerOptions {
  /** Message for a body over the route's size limit (default: names the limit in bytes). */
  tooLarge?: string;
}

/** body-parser's (and the router's) client errors, by `type`. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.verify.failed': 'the body failed verification',
  'request.aborted': 'the request was aborted',
  'request.size.invalid': 'the body is shorter or longer than its Content-Length',
  'encoding.unsupported': 'unsupported Content-Encoding (use gzip, deflate, br or none)',
  'charset.unsupported': 'unsupported charset (use utf-8)',
  'parameters.too.many': 'too many parameters',
};

const answer = (status: number, message: string, extra: Record<string, unknown> = {}, headers = {}): ErrorAnswer => ({
  status,
  body: { message, ...extra },
  headers,
});

/**
 * The 4xx (or 503) answer for an error the API knows: our HttpError, the domain's validation errors (metric data,
 * DNS record names, unknown alarms, statistics, alarm rules, configuration, zod), a Redis or scrape timeout, and
 * the client errors of body parsing (broken JSON, too large, bad encoding). Undefined for anything else: a bug or
 * an outage, which the caller logs and answers 500.
 */
export function knownErrorAnswer(err: unknown, o: ErrorAnswerOptions = {}): ErrorAnswer | undefined {
  if (err instanceof HttpError) return answer(err.status, err.message, err.extra, err.headers);
  if (err instanceof MetricDataError)
    return answer(400, err.message, {
      issues: err.issues,
      ...(err.total > err.issues.length ? { totalIssues: err.total } : {}),
    });
  if (
    err instanceof InvalidDnsRecordError ||
    err instanceof StatisticSyntaxError ||
    err instanceof AlarmRuleSyntaxError
  )
    return answer(400, err.message);
  if (err instanceof UnknownAlarmError) return answer(404, err.message);
  if (err instanceof ConfigError) return answer(400, err.message, { diagnostics: err.diagnostics });
  if (err instanceof ZodError)
    return answer(400, err.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; '));
  if (err instanceof TimeoutExceededError) return answer(503, err.message, {}, { 'retry-after': '1' });
  const e = (err ?? {}) as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    message?: unknown;
    limit?: unknown;
  };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  if (e.type === 'entity.too.large')
    return answer(
      413,
      o.tooLarge ??
        `the body is larger than ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'the limit'}, this route's limit`,
    );
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  const detail = e.type === 'entity.parse.failed' && typeof e.message === 'string' ? `: ${e.message}` : '';
  return answer(status, known ? `${known}${detail}` : typeof e.message === 'string' ? e.message : 'bad request');
}
