import type { BlueprintContext } from '../../core/blueprint.ts';
import type { MetricDatum, RunResult } from '../../core/types.ts';
import { CANARY_NAMESPACE } from '../../core/metric-names.ts';
import { RunSecrets } from '../kit/run-secrets.ts';
import { StepFailure, StepRunner, type StepHandle } from '../kit/step-runner.ts';
import { evaluate, implicitStatus, jsonBody, type JsonBody } from './assertions.ts';
import type { Extraction } from './assert-schema.ts';
import { send, type Exchange, type IncomingResponse, type OutgoingRequest } from './http.ts';
import { selectAll } from './json-path.ts';
import { credentialVariables, renderRequest } from './request.ts';
import type { ApiRequest, ApiSettings } from './settings.ts';

/** Characters of a request or response body kept as evidence. */
export const EVIDENCE_BODY_CHARS = 4096;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const;
type Counts = Record<(typeof STATUS_CLASSES)[number], number>;

interface RunState {
  ctx: BlueprintContext;
  secrets: RunSecrets;
  vars: Record<string, string>;
  counts: Counts;
  /** Variables sent as credentials by some request: secrets as soon as they are extracted. */
  credentials: Set<string>;
  /** performance.now() at which the canary's timeout runs out. */
  deadline: number;
}

/** Sends the requests in order, one step each; a failed step stops the run. */
export async function runApi(ctx: BlueprintContext, settings: ApiSettings): Promise<RunResult> {
  const state: RunState = {
    ctx,
    secrets: new RunSecrets(ctx.secrets),
    vars: {},
    counts: { '2xx': 0, '4xx': 0, '5xx': 0 },
    credentials: credentialVariables(settings.requests),
    deadline: performance.now() + ctx.timeoutMs,
  };
  const runner = new StepRunner({
    log: ctx.log,
    signal: ctx.signal,
    ...(ctx.onStepEnd ? { onStepEnd: ctx.onStepEnd } : {}),
  });
  try {
    for (const req of settings.requests) await runner.step(req.name, (h) => runRequest(state, req, h));
  } catch (err) {
    if (!(err instanceof StepFailure)) throw err;
  }
  const n = settings.requests.length;
  const at = Date.now();
  const metrics: MetricDatum[] = STATUS_CLASSES.map((k) => ({
    namespace: CANARY_NAMESPACE,
    metricName: k,
    dimensions: { CanaryName: ctx.canaryName },
    timestamp: at,
    value: state.counts[k],
    unit: 'Count',
  }));
  return runner.result(
    { responses: { ...state.counts } },
    { passedReason: `${n} request${n === 1 ? '' : 's'} passed`, metrics },
  );
}

async function runRequest(state: RunState, req: ApiRequest, h: StepHandle): Promise<void> {
  const { ctx, secrets } = state;
  const rendered = renderRequest(req, state.vars, secrets);
  const configured = req.timeout ?? Math.min(DEFAULT_REQUEST_TIMEOUT_MS, ctx.timeoutMs);
  const remaining = Math.floor(state.deadline - performance.now());
  const canaryTimeout = `the canary's ${ctx.timeoutMs / 1000} s timeout`;
  if (remaining <= 0) throw new Error(`not sent: ${canaryTimeout} ran out`);
  const outgoing: OutgoingRequest = {
    ...rendered,
    timeoutMs: Math.min(configured, remaining),
    ...(remaining < configured ? { timeoutNote: ` (${canaryTimeout})` } : {}),
  };
  const exchange = await send(outgoing, ctx.signal);
  h.detail('exchange', evidence(outgoing, exchange, secrets));
  const res = exchange.response;
  if (!res) throw new Error(exchange.error ?? 'no response');
  const cls = `${Math.floor(res.status / 100)}xx`;
  if (cls in state.counts) state.counts[cls as keyof Counts] += 1;

  const json = jsonBody(res);
  const outcomes = req.assert.map((a) => evaluate(a, res, exchange.totalMs, json));
  if (!req.assert.some((a) => 'status' in a)) outcomes.unshift(implicitStatus(res));
  h.detail('assertions', outcomes);
  const errors = outcomes.flatMap((o) => (o.error === undefined ? [] : [o.error]));

  const extracted: string[] = [];
  for (const [name, spec] of Object.entries(req.extract)) {
    const value = extract(spec, res, json);
    if (typeof value === 'string') {
      state.vars[name] = value;
      if (state.credentials.has(name)) secrets.add(value);
      extracted.push(name);
    } else {
      errors.push(`could not extract {{${name}}}: ${value.error}`);
    }
  }
  if (extracted.length > 0) h.detail('extracted', extracted);
  if (errors.length > 0) throw new Error(errors.join('; '));
}

function extract(spec: Extraction, res: IncomingResponse, json: JsonBody): string | { error: string } {
  if ('header' in spec) return res.headers[spec.header] ?? { error: `no header ${spec.header}` };
  const doc = json();
  if (!doc.ok) return { error: `${spec.jsonPath} needs a JSON body, got ${doc.error}` };
  const [first] = selectAll(doc.value, spec.jsonPath);
  if (first === undefined) return { error: `no match for ${spec.jsonPath}` };
  return typeof first === 'string' ? first : JSON.stringify(first);
}

/** The exchange as stored: bodies cut to EVIDENCE_BODY_CHARS after redacting the secrets known so far. */
function evidence(req: OutgoingRequest, ex: Exchange, secrets: RunSecrets): Record<string, unknown> {
  const cut = (body: string, bytes: number, truncated: boolean) => {
    const text = secrets.redact(body);
    return text.length <= EVIDENCE_BODY_CHARS && !truncated
      ? text
      : `${text.slice(0, EVIDENCE_BODY_CHARS)}… [${bytes}${truncated ? '+' : ''} bytes in all]`;
  };
  const res = ex.response;
  return {
    request: {
      method: req.method,
      url: req.url,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: cut(req.body, Buffer.byteLength(req.body), false) }),
    },
    ...(res
      ? {
          response: {
            status: res.status,
            statusText: res.statusText,
            url: res.url,
            redirected: res.redirected,
            headers: res.headers,
            body: cut(res.body, res.bodyBytes, res.bodyTruncated),
            bodyBytes: res.bodyBytes,
          },
        }
      : {}),
    ...(ex.error === undefined ? {} : { error: ex.error }),
    timings: { ...(ex.ttfbMs === undefined ? {} : { ttfbMs: ex.ttfbMs }), totalMs: ex.totalMs },
  };
}
