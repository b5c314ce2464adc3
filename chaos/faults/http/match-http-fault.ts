import picomatch from 'picomatch';
import type { ActiveFault } from '../../../core/fault.ts';
import type { HttpFaultSpec } from './http-fault-schema.ts';

/** An active fault whose spec is a validated http fault. */
export interface ActiveHttpFault extends ActiveFault {
  spec: HttpFaultSpec;
}

/** What the matcher looks at in a request. */
export interface HttpRequestInfo {
  method: string;
  /** The path without the query string, as sent (`/shop/cart`). */
  path: string;
}

type Matcher = (path: string) => boolean;
const compiled = new Map<string, Matcher>();

function pathMatcher(globs: readonly string[]): Matcher {
  const key = globs.join('\0');
  let m = compiled.get(key);
  if (!m) {
    if (compiled.size >= 1000) compiled.clear();
    m = picomatch([...globs], { dot: true });
    compiled.set(key, m);
  }
  return m;
}

/** Whether `fault`'s `paths` and `methods` select the request (before `percent` sampling). */
export function narrowsTo(spec: HttpFaultSpec, req: HttpRequestInfo): boolean {
  if (spec.methods && !spec.methods.includes(req.method.toUpperCase())) return false;
  return spec.paths === undefined || pathMatcher(spec.paths)(req.path);
}

/**
 * The fault that applies to a request, given the active http faults of one proxy (oldest first): the newest one
 * whose paths and methods select it and whose `percent` draw hits (`random` returns [0, 1), one draw per fault
 * tried). A fault whose draw misses lets an older one have its turn. Pure: no clock, no store.
 */
export function matchHttpFault(
  faults: readonly ActiveHttpFault[],
  req: HttpRequestInfo,
  random: () => number = Math.random,
): ActiveHttpFault | undefined {
  for (let i = faults.length - 1; i >= 0; i--) {
    const f = faults[i];
    if (!f || !narrowsTo(f.spec, req)) continue;
    const percent = f.spec.percent;
    if (percent >= 100 || (percent > 0 && random() * 100 < percent)) return f;
  }
  return undefined;
}
