/** What the server answers for a name while a `dns` fault is active on it (see DnsFaultSpec in core/fault.ts). */
import { isIPv4, isIPv6 } from 'node:net';
import type { Answer } from 'dns-packet';
import type { ActiveFaultView, DnsFaultSpec } from '../../core/fault.ts';

/** TTL of a fault's address answer: short, so resolvers drop it soon after the fault ends. */
export const FAULT_ANSWER_TTL = 1;

const QTYPE_A = 1;
const QTYPE_AAAA = 28;
const QTYPE_ANY = 255;

export type FaultAnswer =
  { kind: 'rcode'; rcode: 'SERVFAIL' | 'NXDOMAIN' } | { kind: 'drop' } | { kind: 'answers'; answers: Answer[] };

/**
 * The answer an active dns fault forces for `name` / `qtype`, or undefined when no fault covers the name (the
 * newest fault wins when several do). An address fault answers that address for its family (A or AAAA) and NODATA
 * for the other types.
 */
export function faultAnswer(
  faults: ActiveFaultView | undefined,
  name: string,
  qtype: number,
  now = Date.now(),
): FaultAnswer | undefined {
  if (!faults) return undefined;
  const active = faults.active('dns', now);
  let spec: DnsFaultSpec | undefined;
  for (let i = active.length - 1; i >= 0 && !spec; i--) {
    const s = active[i]?.spec;
    if (s && s.type === 'dns' && s.record === name && typeof s.answer === 'string') spec = s as DnsFaultSpec;
  }
  if (!spec) return undefined;
  const a: string = spec.answer;
  if (a === 'SERVFAIL' || a === 'NXDOMAIN') return { kind: 'rcode', rcode: a };
  if (a === 'timeout') return { kind: 'drop' };
  const type = isIPv4(a) ? 'A' : isIPv6(a) ? 'AAAA' : undefined;
  if (!type) return { kind: 'rcode', rcode: 'SERVFAIL' }; // validated before it was stored; never guess
  const wanted = qtype === QTYPE_ANY || qtype === (type === 'A' ? QTYPE_A : QTYPE_AAAA);
  return { kind: 'answers', answers: wanted ? [{ type, name, ttl: FAULT_ANSWER_TTL, data: a }] : [] };
}
