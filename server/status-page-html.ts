import { escapeHtml as e } from '../core/html-escape.ts';

export interface StatusComponent {
  name: string;
  state: 'operational' | 'down' | 'no-data';
  days: Array<{ day: string; uptime: number | null }>;
  uptime90: number | null;
}

export interface StatusIncident {
  component: string;
  startedAt: string;
  endedAt: string | null;
}

export interface StatusPageView {
  slug: string;
  title: string;
  description?: string;
  generatedAt: string;
  components: StatusComponent[];
  incidents: StatusIncident[];
}

const LABEL = { operational: '✔ Operational', down: '✖ Down', 'no-data': '? No data' } as const;

function barClass(u: number | null): string {
  if (u === null) return 'none';
  if (u >= 99.9) return 'up';
  if (u >= 95) return 'warn';
  return 'down';
}

/** The status page as static HTML: every text escaped, no scripts, no inline styles (the CSP forbids both). */
export function renderStatusPage(v: StatusPageView): string {
  const overall = v.components.some((c) => c.state === 'down')
    ? '<p class="overall down">✖ Some systems are down</p>'
    : '<p class="overall up">✔ All listed systems operational</p>';
  const components = v.components
    .map(
      (c) => `<li class="component ${c.state}">
<h2>${e(c.name)} <span class="state">${LABEL[c.state]}</span></h2>
<div class="bars" aria-label="uptime per day over 90 days">${c.days
        .map(
          (d) =>
            `<span class="bar ${barClass(d.uptime)}" title="${e(d.day)}: ${d.uptime === null ? 'no data' : `${d.uptime}%`}"></span>`,
        )
        .join('')}</div>
<p class="uptime">${c.uptime90 === null ? 'no data' : `${c.uptime90}% uptime`} over 90 days</p>
</li>`,
    )
    .join('\n');
  const incidents = v.incidents.length
    ? `<ul class="incidents">${v.incidents
        .map(
          (i) =>
            `<li><strong>${e(i.component)}</strong> down from <time>${e(i.startedAt)}</time> ${
              i.endedAt ? `to <time>${e(i.endedAt)}</time>` : '(ongoing)'
            }</li>`,
        )
        .join('')}</ul>`
    : '<p>No incidents recorded.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(v.title)}</title>
<link rel="stylesheet" href="/status-assets/status.css">
</head>
<body>
<main>
<h1>${e(v.title)}</h1>
${v.description ? `<p class="description">${e(v.description)}</p>` : ''}
${overall}
<ul class="components">
${components}
</ul>
<h2>Incidents</h2>
${incidents}
<footer>Updated <time>${e(v.generatedAt)}</time></footer>
</main>
</body>
</html>
`;
}

export const STATUS_CSS = `body{font-family:system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
.overall{padding:.75rem 1rem;border-radius:.3rem;color:#fff;font-weight:600}
.overall.up{background:#2e7d32}.overall.down{background:#c62828}
.components{list-style:none;padding:0}
.component{background:#fff;border:1px solid #ddd;border-radius:.3rem;padding:.75rem 1rem;margin:.75rem 0}
.component h2{font-size:1.05rem;margin:0 0 .5rem;display:flex;justify-content:space-between}
.component.down .state{color:#c62828}.component.operational .state{color:#2e7d32}
.bars{display:flex;gap:2px;height:2rem}
.bar{flex:1;border-radius:1px;background:#bbb}
.bar.up{background:#2e7d32}.bar.warn{background:#b26a00}.bar.down{background:#c62828}
.uptime{font-size:.85rem;color:#555;margin:.4rem 0 0}
footer{color:#666;font-size:.8rem;margin-top:2rem}
`;
