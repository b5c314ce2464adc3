import { escapeHtml } from '../../core/html-escape.ts';
import type { DrillJournal } from '../../core/drill.ts';

const W = 1000;
const LEFT = 190;
const LANE = 26;
const COLOURS: Record<string, string> = {
  PASSED: '#2e9d4f',
  FAILED: '#d23c3c',
  ERROR: '#e08a1e',
  OK: '#2e9d4f',
  ALARM: '#d23c3c',
  INSUFFICIENT_DATA: '#9a9a9a',
  primary: '#3b6fd1',
  secondary: '#9b4fd1',
  none: '#bbbbbb',
};

/**
 * The drill on one time axis, as SVG: the fault window, each canary's runs, each alarm's state, each DNS vantage
 * point's side, and the timeline points t0…t8. Pure; self-contained (no script, no external reference).
 */
export function timelineSvg(j: DrillJournal): string {
  const start = Date.parse(j.startedAt);
  const end = Math.max(Date.parse(j.endedAt), start + 1);
  const x = (iso: string) => LEFT + ((Date.parse(iso) - start) / (end - start)) * (W - LEFT - 10);
  const o = j.observations;
  const lanes: string[] = [];
  const body: string[] = [];
  const lane = (label: string) => {
    lanes.push(label);
    return 30 + (lanes.length - 1) * LANE;
  };
  /** Segments of a state that holds from each change to the next (or the end). */
  const segments = (y: number, changes: ReadonlyArray<{ at: string; key: string; title: string }>) =>
    changes.forEach((c, i) => {
      const x1 = x(c.at);
      const x2 = i + 1 < changes.length ? x((changes[i + 1] as { at: string }).at) : x(j.endedAt);
      body.push(
        `<rect x="${x1.toFixed(1)}" y="${y}" width="${Math.max(1, x2 - x1).toFixed(1)}" height="16" fill="${COLOURS[c.key] ?? COLOURS.none}"><title>${escapeHtml(c.title)}</title></rect>`,
      );
    });

  for (const canary of [...new Set(o.runs.map((r) => r.canary))]) {
    const y = lane(`canary ${canary}`);
    for (const r of o.runs.filter((r) => r.canary === canary))
      body.push(
        `<circle cx="${x(r.endedAt).toFixed(1)}" cy="${y + 8}" r="4" fill="${COLOURS[r.status]}"><title>${escapeHtml(`${r.runId} ${r.status} at ${r.endedAt}`)}</title></circle>`,
      );
  }
  for (const alarm of [...new Set(o.alarms.map((a) => a.alarm))]) {
    const y = lane(`alarm ${alarm}`);
    segments(
      y,
      o.alarms
        .filter((a) => a.alarm === alarm)
        .map((a) => ({ at: a.at, key: a.state, title: `${alarm} ${a.state} from ${a.at}` })),
    );
  }
  for (const key of [...new Set(o.dns.map((d) => `${d.record}|${d.vantage}`))]) {
    const [record, vantage] = key.split('|') as [string, string];
    const y = lane(`dns ${record} (${vantage})`);
    segments(
      y,
      o.dns
        .filter((d) => d.record === record && d.vantage === vantage)
        .map((d) => ({
          at: d.at,
          key: d.side ?? 'none',
          title: `${vantage}: ${d.side ?? d.error ?? 'neither side'} ${d.values.join(', ')} from ${d.at}`,
        })),
    );
  }
  const height = 40 + lanes.length * LANE + 30;
  const { t0, t7 } = j.timeline;
  const fault =
    t0.at !== undefined
      ? `<rect x="${x(t0.at).toFixed(1)}" y="20" width="${Math.max(1, x(t7.at ?? j.endedAt) - x(t0.at)).toFixed(1)}" height="${height - 40}" fill="#f5c04a" opacity="0.25"><title>fault window</title></rect>`
      : '';
  const marks = Object.entries(j.timeline)
    .filter(([, p]) => p.at !== undefined)
    .map(([k, p]) => {
      const px = x(p.at as string).toFixed(1);
      return `<line x1="${px}" x2="${px}" y1="20" y2="${height - 20}" stroke="#444" stroke-dasharray="3,3"/><text x="${px}" y="14" font-size="11" text-anchor="middle">${k}</text>`;
    });
  const labels = lanes.map((l, i) => `<text x="4" y="${30 + i * LANE + 12}" font-size="12">${escapeHtml(l)}</text>`);
  const secs = ((end - start) / 1000).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="drill timeline">
${fault}
${labels.join('\n')}
${body.join('\n')}
${marks.join('\n')}
<text x="${LEFT}" y="${height - 4}" font-size="11">0 s</text><text x="${W - 10}" y="${height - 4}" font-size="11" text-anchor="end">${secs} s</text>
</svg>`;
}
