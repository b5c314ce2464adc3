import type { DrillJournal, Measure } from '../../core/drill.ts';

export interface Distribution {
  /** How many runs had the measure. */
  n: number;
  /** Runs without it. */
  missing: number;
  medianMs?: number;
  maxMs?: number;
}

const MEASURES = {
  TTD: (j: DrillJournal) => j.measures.ttd,
  'TTF published': (j: DrillJournal) => j.measures.ttf,
  'TTF client': (j: DrillJournal) => j.measures.ttfClient,
  TTR: (j: DrillJournal) => j.measures.ttr,
} satisfies Record<string, (j: DrillJournal) => Measure>;

/** The median and max of each headline measure over repeated runs of one drill. Pure. */
export function distributions(journals: readonly DrillJournal[]): Record<keyof typeof MEASURES, Distribution> {
  const out = {} as Record<keyof typeof MEASURES, Distribution>;
  for (const [name, pick] of Object.entries(MEASURES) as Array<[keyof typeof MEASURES, (j: DrillJournal) => Measure]>) {
    const values = journals
      .map(pick)
      .flatMap((m) => (m.ms === undefined ? [] : [m.ms]))
      .sort((a, b) => a - b);
    const mid = Math.floor(values.length / 2);
    const median =
      values.length === 0
        ? undefined
        : values.length % 2 === 1
          ? values[mid]
          : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
    out[name] = {
      n: values.length,
      missing: journals.length - values.length,
      ...(median !== undefined ? { medianMs: median, maxMs: values[values.length - 1] as number } : {}),
    };
  }
  return out;
}
