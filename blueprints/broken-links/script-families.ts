/**
 * Script families, for `render: 'auto'`: pages with the same script signature (the same scripts, inline code and
 * handlers; see `scriptSignature` in html-links.ts) run the same code. A family's first `sample` pages are
 * rendered in Chromium and their rendered links compared with the links parsed from their HTML; when every sample
 * agrees, the family's other pages are parsed statically, with every `recheckEvery`-th page rendered again to
 * confirm. A sample or re-check that disagrees (a script added, moved or removed a link) makes every later page of
 * the family render. What a disagreement found out late cannot change: pages of the family already parsed
 * statically before it stay parsed (the README says so).
 */
import type { RenderedPage } from './render.ts';

export type FamilyVerdict =
  /** Render it, and report whether its rendered links agree with the parsed ones (a sample or a re-check). */
  | 'sample'
  /** Render it; the family is known to need rendering. */
  | 'render'
  /** Parse its HTML: the family's samples agreed. */
  | 'parse';

interface Family {
  /** Samples handed out, and how many of them reported. */
  sampled: number;
  reported: number;
  /** False once any sample or re-check disagreed. */
  agrees: boolean;
  /** Pages parsed statically since the last re-check. */
  sinceCheck: number;
  /** Pages waiting for the samples' outcome. */
  waiting: Array<() => void>;
}

export interface ScriptFamiliesOptions {
  /** Pages of each family rendered before its others may be parsed; 0 renders every scripted page. */
  sample: number;
  /** Of a family that agreed, every n-th later page is rendered again to check. */
  recheckEvery: number;
}

export class ScriptFamilies {
  private readonly families = new Map<string, Family>();
  /** Pages whose links came from their HTML because their family agreed. */
  parsedByFamily = 0;

  constructor(private readonly opts: ScriptFamiliesOptions) {}

  /** Families seen so far. */
  get size(): number {
    return this.families.size;
  }

  /** How to read a scripted page of the family `signature`; waits while the family's samples are being rendered. */
  async verdict(signature: string): Promise<FamilyVerdict> {
    if (this.opts.sample === 0) return 'render';
    let f = this.families.get(signature);
    if (!f) {
      f = { sampled: 0, reported: 0, agrees: true, sinceCheck: 0, waiting: [] };
      this.families.set(signature, f);
    }
    if (f.sampled < this.opts.sample) {
      f.sampled++;
      return 'sample';
    }
    while (f.agrees && f.reported < f.sampled) await new Promise<void>((r) => f.waiting.push(r));
    if (!f.agrees) return 'render';
    if (++f.sinceCheck >= this.opts.recheckEvery) {
      f.sinceCheck = 0;
      return 'sample';
    }
    this.parsedByFamily++;
    return 'parse';
  }

  /** The outcome of a `sample` verdict: whether the rendered page's links equal the parsed ones (false if it failed). */
  report(signature: string, agrees: boolean): void {
    const f = this.families.get(signature);
    if (!f) return;
    f.reported++;
    if (!agrees) f.agrees = false;
    for (const wake of f.waiting.splice(0)) wake();
  }
}

/** Whether two readings of a page found the same links (element and resolved URL) and, when listed, the same anchors. */
export function sameLinks(parsed: RenderedPage, rendered: RenderedPage): boolean {
  const keys = (p: RenderedPage) =>
    new Set(
      p.links.map((l) => {
        let href: string;
        try {
          href = new URL(l.raw, p.base).href;
        } catch {
          href = l.raw;
        }
        return `${l.element} ${href}`;
      }),
    );
  const a = keys(parsed);
  const b = keys(rendered);
  if (a.size !== b.size || [...a].some((k) => !b.has(k))) return false;
  if (parsed.anchors === undefined || rendered.anchors === undefined) return true;
  const x = new Set(parsed.anchors);
  const y = new Set(rendered.anchors);
  return x.size === y.size && [...x].every((k) => y.has(k));
}
