import type { MetricInput } from './metric-input.ts';
import type { Sample } from './statistics.ts';

/**
 * Raw datapoints are sorted-set members `id|payload` (score = timestamp ms). Payloads:
 * `7` (one value — the original format), `7*3;9*1.5` (values with counts; `*1` omitted) and
 * `S<sampleCount>,<sum>,<min>,<max>` (a statistic set). The id makes a retried write idempotent.
 */
export function rawPayload(d: MetricInput): string | undefined {
  if ('value' in d) return String(d.value);
  if ('statisticValues' in d) {
    const s = d.statisticValues;
    return `S${s.sampleCount},${s.sum},${s.minimum},${s.maximum}`;
  }
  const parts: string[] = [];
  d.values.forEach((v, i) => {
    const c = d.counts[i] ?? 1;
    if (c > 0) parts.push(c === 1 ? String(v) : `${v}*${c}`);
  });
  return parts.length > 0 ? parts.join(';') : undefined;
}

/** Appends the samples of one raw member at time `t` to `out`. */
export function decodeRawMember(member: string, t: number, out: Sample[]): void {
  const payload = member.slice(member.lastIndexOf('|') + 1);
  if (payload.startsWith('S')) {
    const [n = 0, sum = 0, min = 0, max = 0] = payload.slice(1).split(',').map(Number);
    const known = n === 1 ? sum : min === max ? min : undefined;
    out.push({ t, v: sum / n, c: n, summary: { sum, min, max, points: known === undefined ? null : [[known, n]] } });
    return;
  }
  if (!payload.includes(';') && !payload.includes('*')) {
    out.push({ t, v: Number(payload) });
    return;
  }
  for (const part of payload.split(';')) {
    const star = part.indexOf('*');
    if (star < 0) out.push({ t, v: Number(part) });
    else out.push({ t, v: Number(part.slice(0, star)), c: Number(part.slice(star + 1)) });
  }
}
