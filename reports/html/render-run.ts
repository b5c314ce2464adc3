import type { Artifact, RunRecord, StepResult } from '../../core/types.ts';
import { escapeHtml as esc } from '../../core/html-escape.ts';
import { REPORT_CSS } from './styles.ts';

export interface RenderOptions {
  /** URL (or data: URI) for an artifact path, or undefined when it is missing. */
  artifactUrl: (artifactPath: string, inline: boolean) => Promise<string | undefined>;
}

const VISUAL_KEYS = ['baseline', 'current', 'diff'] as const;

async function image(o: RenderOptions, path: unknown, caption: string): Promise<string> {
  if (typeof path !== 'string') return '';
  const url = await o.artifactUrl(path, true);
  return url
    ? `<figure><a href="${esc(url)}"><img src="${esc(url)}" alt="${esc(caption)}"></a><figcaption>${esc(caption)}</figcaption></figure>`
    : `<figure><figcaption>${esc(caption)}: missing (${esc(path)})</figcaption></figure>`;
}

function table(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  return `<table><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${columns.map((c) => `<td>${esc(typeof r[c] === 'object' ? JSON.stringify(r[c]) : r[c])}</td>`).join('')}</tr>`).join('')}</table>`;
}

/** Broken links, with every other page that links to each (`alsoOn`, see the broken-links blueprint). */
function brokenLinksTable(rows: ReadonlyArray<Record<string, unknown>>): string {
  const withPages = rows.map((r) => {
    const also = Array.isArray(r.alsoOn) ? (r.alsoOn as unknown[]).map(String) : [];
    const more = typeof r.referrerCount === 'number' ? r.referrerCount - 1 : also.length;
    const listed = more > also.length ? ` (${also.length} listed)` : '';
    return {
      ...r,
      'also on': also.length > 0 ? `${more} more page${more === 1 ? '' : 's'}${listed}: ${also.join(' ')}` : '',
    };
  });
  return table(withPages, ['url', 'parent', 'also on', 'text', 'element', 'status', 'error']);
}

async function stepDetails(o: RenderOptions, step: StepResult): Promise<string> {
  const d = step.details ?? {};
  const parts: string[] = [];
  if (VISUAL_KEYS.some((k) => typeof d[k] === 'string')) {
    const figs = await Promise.all(VISUAL_KEYS.map((k) => image(o, d[k], k)));
    const pct = typeof d.diffPercent === 'number' ? `<p>Difference: <b>${d.diffPercent.toFixed(2)} %</b></p>` : '';
    parts.push(`${pct}<div class="shots visual">${figs.join('')}</div>`);
  }
  if (Array.isArray(d.brokenLinks) && d.brokenLinks.length > 0) {
    parts.push(
      `<p><b>${d.brokenLinks.length}</b> broken link${d.brokenLinks.length === 1 ? '' : 's'}</p>${brokenLinksTable(d.brokenLinks as Array<Record<string, unknown>>)}`,
    );
  }
  if (d.exchange && typeof d.exchange === 'object') {
    parts.push(
      `<details open><summary>HTTP exchange (redacted)</summary><pre>${esc(JSON.stringify(d.exchange, null, 2))}</pre></details>`,
    );
  }
  if (Array.isArray(d.assertions)) {
    parts.push(table(d.assertions as Array<Record<string, unknown>>, Object.keys((d.assertions[0] ?? {}) as object)));
  }
  const rest = Object.fromEntries(
    Object.entries(d).filter(([k]) => !['brokenLinks', 'exchange', 'assertions', ...VISUAL_KEYS].includes(k)),
  );
  if (Object.keys(rest).length > 0)
    parts.push(`<details><summary>details</summary><pre>${esc(JSON.stringify(rest, null, 2))}</pre></details>`);
  const shots = await Promise.all(
    (step.screenshots ?? []).map((a) => image(o, a.path, a.path.split('/').pop() ?? 'screenshot')),
  );
  if (shots.length > 0) parts.push(`<div class="shots">${shots.join('')}</div>`);
  return parts.join('\n');
}

/** The earlier attempts of a retried run: status, reason, record id and the evidence each kept. */
async function attemptsSection(o: RenderOptions, run: RunRecord): Promise<string> {
  const attempts = run.previousAttempts ?? [];
  if (attempts.length === 0) return '';
  const blocks = await Promise.all(
    attempts.map(async (a) => {
      const shots = await Promise.all(
        a.artifacts
          .filter((f) => f.kind === 'screenshot')
          .map((f) => image(o, f.path, f.path.split('/').pop() ?? 'screenshot')),
      );
      const files = (
        await Promise.all(
          a.artifacts
            .filter((f) => f.kind !== 'screenshot')
            .map(async (f) => {
              const url = await o.artifactUrl(f.path, false);
              return url ? `<li><a href="${esc(url)}">${esc(f.path.split('/').pop())}</a></li>` : '';
            }),
        )
      ).join('');
      return `<div class="step attempt"><h3>attempt ${a.attempt} <span class="badge ${a.status}">${a.status}</span> <span class="meta">run ${esc(a.runId)}</span></h3>
<p class="reason">${esc(a.reason)}</p>${shots.length ? `<div class="shots">${shots.join('')}</div>` : ''}${files ? `<ul>${files}</ul>` : ''}</div>`;
    }),
  );
  const title = run.flaky ? 'Flaky: earlier attempts' : 'Earlier attempts';
  return `<h2 id="earlier-attempts">${title}</h2>${blocks.join('')}`;
}

/** One self-contained HTML page for a run: status, reason, steps, screenshots, evidence, console errors, HAR link. */
export async function renderRunHtml(run: RunRecord, o: RenderOptions): Promise<string> {
  const maxMs = Math.max(1, ...run.steps.map((s) => s.durationMs));
  const stepRows = run.steps
    .map(
      (
        s,
        i,
      ) => `<tr><td class="num">${i + 1}</td><td>${esc(s.name)}</td><td><span class="badge ${s.status}">${s.status}</span></td>
<td class="num">${s.durationMs} ms</td><td style="width:30%"><div class="bar ${s.status}" style="width:${Math.round((s.durationMs / maxMs) * 100)}%"></div></td><td class="err">${esc(s.error ?? '')}</td></tr>`,
    )
    .join('');
  const stepBlocks = (
    await Promise.all(
      run.steps.map(async (s) => {
        const body = await stepDetails(o, s);
        return body
          ? `<div class="step"><h3>${esc(s.name)} <span class="badge ${s.status}">${s.status}</span></h3>${body}</div>`
          : '';
      }),
    )
  ).join('');
  const stepShots = new Set(run.steps.flatMap((s) => (s.screenshots ?? []).map((a) => a.path)));
  const visualPaths = new Set(
    run.steps.flatMap((s) => VISUAL_KEYS.map((k) => s.details?.[k]).filter((p): p is string => typeof p === 'string')),
  );
  const screenshots = run.artifacts.filter(
    (a) => a.kind === 'screenshot' && !stepShots.has(a.path) && !visualPaths.has(a.path),
  );
  const shotHtml = (
    await Promise.all(screenshots.map((a) => image(o, a.path, a.path.split('/').pop() ?? 'screenshot')))
  ).join('');
  const consoleErrors = Array.isArray(run.details.consoleErrors) ? (run.details.consoleErrors as unknown[]) : [];
  const brokenLinks =
    Array.isArray(run.details.brokenLinks) && !run.steps.some((s) => Array.isArray(s.details?.brokenLinks))
      ? (run.details.brokenLinks as Array<Record<string, unknown>>)
      : [];
  const others = run.artifacts.filter((a) => a.kind !== 'screenshot');
  const links = (
    await Promise.all(
      others.map(async (a: Artifact) => {
        const url = await o.artifactUrl(a.path, false);
        return url
          ? `<li><a href="${esc(url)}">${esc(a.path.split('/').pop())}</a> <span class="meta">${esc(a.kind)}</span></li>`
          : '';
      }),
    )
  ).join('');
  const earlier = await attemptsSection(o, run);
  const details = Object.fromEntries(
    Object.entries(run.details).filter(([k]) => !['consoleErrors', 'brokenLinks'].includes(k)),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(run.status)} · ${esc(run.canary)} · canarykit</title><style>${REPORT_CSS}</style></head>
<body>
<header>
  <h1>${esc(run.canary)} <span class="badge ${run.status}">${run.status}</span>${run.flaky ? ' <span class="badge ERROR">FLAKY</span>' : ''}</h1>
  <p class="reason">${esc(run.reason)}</p>
  <div class="meta"><span>blueprint <b>${esc(run.blueprint)}</b></span><span>started ${esc(run.startedAt)}</span><span>${run.durationMs} ms</span><span>run ${esc(run.id)}</span><span>attempt ${run.attempt}</span><span>worker ${esc(run.worker)}</span></div>
</header>
<main>
  ${earlier}
  <h2>Steps</h2>
  ${run.steps.length ? `<table><tr><th>#</th><th>step</th><th>status</th><th>duration</th><th></th><th>error</th></tr>${stepRows}</table>` : '<p class="meta">No steps recorded.</p>'}
  ${stepBlocks}
  ${shotHtml ? `<h2>Screenshots</h2><div class="shots">${shotHtml}</div>` : ''}
  ${brokenLinks.length ? `<h2>Broken links</h2>${brokenLinksTable(brokenLinks)}` : ''}
  ${consoleErrors.length ? `<h2>Console errors</h2><pre>${esc(consoleErrors.join('\n'))}</pre>` : ''}
  ${links ? `<h2>Artifacts</h2><ul>${links}</ul>` : ''}
  ${Object.keys(details).length ? `<h2>Details</h2><pre>${esc(JSON.stringify(details, null, 2))}</pre>` : ''}
</main>
</body></html>
`;
}
