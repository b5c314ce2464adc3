import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountVisual, type VisualControl } from '../../fixtures/site/visual.ts';
import { startHarness, type Harness } from './run-helpers.ts';

describe('visual comparison per named step inside a GUI workflow', () => {
  let h: Harness;
  let control: VisualControl;
  beforeAll(async () => {
    h = await startHarness();
    control = mountVisual(h.site.app);
  });
  afterAll(async () => h?.close());

  const canary = () => ({
    name: 'look-flow',
    blueprint: 'gui-workflow',
    steps: [
      { action: 'navigate', url: `${h.site.baseUrl}/visual/` },
      { action: 'screenshot', name: 'home', compare: { maxDiffPercent: 0.1, ignore: [{ selector: '.clock' }] } },
    ],
  });

  it('creates a baseline keyed by canary and step, matches it, and fails with diff artifacts on a change', async () => {
    control.mode = 'normal';
    const first = await h.run(canary());
    expect(first.status).toBe('PASSED');
    expect(existsSync(path.join(h.dataDir, 'baselines', 'look-flow', 'home.png'))).toBe(true);

    const same = await h.run(canary());
    expect(same.status).toBe('PASSED');
    expect(same.steps.find((s) => s.name === 'home')?.details).toMatchObject({ diffPercent: 0 });
    expect(same.metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ metricName: 'VisualDiffPercent', value: 0 })]),
    );

    control.mode = 'changed';
    const changed = await h.run(canary());
    expect(changed.status).toBe('FAILED');
    expect(changed.reason).toMatch(/step 2 "home": visual diff [\d.]+ % exceeds maxDiffPercent 0.1 %/);
    const d = changed.steps.find((s) => s.name === 'home')?.details as Record<string, string>;
    for (const k of ['current', 'baseline', 'diff'])
      expect(existsSync(path.join(h.dataDir, d[k] as string))).toBe(true);
  });

  it('requires a name for a compared screenshot, at validation', async () => {
    await expect(
      h.run({ name: 'x', blueprint: 'gui-workflow', steps: [{ action: 'screenshot', compare: {} }] }),
    ).rejects.toThrow(/steps\[0\]\.name: a compared screenshot needs a name/);
  });
});
