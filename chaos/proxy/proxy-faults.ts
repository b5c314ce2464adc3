import type { ActiveFaultView, FaultSpec } from '../../core/fault.ts';
import type { Logger } from '../../core/logger.ts';
import { httpFaultSchema, type HttpFaultSpec } from '../faults/http/http-fault-schema.ts';
import type { ActiveHttpFault } from '../faults/http/match-http-fault.ts';

const NONE: readonly ActiveHttpFault[] = [];

/**
 * The active http faults of one proxy, read from the view at each call (it is in memory): a lease that ended is
 * gone at the next request. Specs are validated once per spec object, so a malformed record (written by a newer
 * or broken controller) is logged once and ignored rather than applied half-understood; expiry is checked here
 * too, so even a view that lags never applies a fault past its lease.
 */
export function proxyFaultReader(
  proxy: string,
  view: ActiveFaultView,
  log: Logger,
): (now?: number) => readonly ActiveHttpFault[] {
  const parsed = new WeakMap<FaultSpec, HttpFaultSpec | null>();
  const validated = (spec: FaultSpec): HttpFaultSpec | null => {
    let s = parsed.get(spec);
    if (s === undefined) {
      const r = httpFaultSchema.safeParse(spec);
      s = r.success ? r.data : null;
      if (!r.success) log.warn({ proxy, spec, problem: r.error.message }, 'ignoring an invalid http fault');
      parsed.set(spec, s);
    }
    return s;
  };
  return (now = Date.now()) => {
    const all = view.active('http', now);
    if (all.length === 0) return NONE;
    const mine: ActiveHttpFault[] = [];
    for (const f of all) {
      if (f.spec.proxy !== proxy || f.expiresAt <= now) continue;
      const spec = validated(f.spec);
      if (spec) mine.push(spec === f.spec ? (f as ActiveHttpFault) : { ...f, spec });
    }
    return mine;
  };
}
