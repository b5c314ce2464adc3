import { describe, expect, it } from 'vitest';
import type { DrillJournal, Measure } from '../../core/drill.ts';
import { distributions } from '../../reports/drill/distribution.ts';

const journal = (ttd: Measure, ttr: Measure) =>
  ({ measures: { ttd, ttf: { reason: 'no DNS' }, ttfClient: { reason: 'no DNS' }, ttr } }) as unknown as DrillJournal;

describe('distribution of repeated drills (pure)', () => {
  it('gives the median and max, and counts the runs without the measure', () => {
    const d = distributions([
      journal({ ms: 1500 }, { ms: 9000 }),
      journal({ ms: 1100 }, { ms: 7000 }),
      journal({ ms: 2900 }, { reason: 'not regained' }),
      journal({ ms: 1200 }, { ms: 8000 }),
      journal({ ms: 1300 }, { ms: 6000 }),
    ]);
    expect(d.TTD).toEqual({ n: 5, missing: 0, medianMs: 1300, maxMs: 2900 });
    expect(d.TTR).toEqual({ n: 4, missing: 1, medianMs: 7500, maxMs: 9000 });
    expect(d['TTF published']).toEqual({ n: 0, missing: 5 });
  });
});
