import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { latestRunScreenshot, writeBaseline } from '../../blueprints/kit/baseline-store.ts';
import { decodePng } from '../../blueprints/kit/image-diff.ts';
import { shotsOf, type VisualSettings } from '../../blueprints/visual/settings.ts';
import type { GuiWorkflowSettings } from '../../blueprints/gui-workflow/settings.ts';
import { loadOrExit } from '../load-or-exit.ts';

interface BaselineUpdateOptions {
  config?: string;
  step?: string;
}

const fail = (message: string): never => {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(1);
};

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description('manage the baselines of visual canaries');
  baseline
    .command('update')
    .description(
      "accept the latest run's screenshot(s) of a visual canary as its new baseline (exit 1 when there is none)",
    )
    .argument('<canary>', 'canary name')
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts when present)')
    .option('-s, --step <name>', 'only this screenshot (default: every screenshot of the canary)')
    .action(async (name: string, opts: BaselineUpdateOptions) => {
      const project = await loadOrExit(
        { ...(opts.config ? { configPath: opts.config } : {}), configOptional: true },
        2,
      );
      const canary = project.canaries.find((c) => c.name === name);
      if (!canary)
        return fail(
          `no canary named "${name}" in this project (found: ${project.canaries.map((c) => c.name).join(', ') || 'none'})`,
        );
      const settings = visualView(canary.blueprint, canary.settings);
      if (!settings)
        return fail(
          `canary "${name}" uses blueprint "${canary.blueprint}" without compared screenshots; baselines belong to visual canaries and to gui-workflow screenshot steps with "compare"`,
        );
      const shots = shotsOf(settings);
      const chosen = opts.step === undefined ? shots : shots.filter((s) => s.name === opts.step);
      if (chosen.length === 0)
        return fail(
          `canary "${name}" has no screenshot "${opts.step}" (it has: ${shots.map((s) => s.name).join(', ')})`,
        );
      const shown = (abs: string) => path.relative(process.cwd(), abs) || abs;
      let missing = 0;
      for (const shot of chosen) {
        const latest = await latestRunScreenshot(project.dataDir, name, shot.name);
        if (!latest) {
          missing++;
          process.stderr.write(
            `✗ ${name} › ${shot.name}: no screenshot found under ${shown(path.join(project.dataDir, 'runs', name))}/*/${shot.name}.png; run the canary first (canary run)\n`,
          );
          continue;
        }
        const png = await readFile(latest.file);
        const { width, height } = decodePng(png);
        const rel = await writeBaseline(project.dataDir, png, {
          canary: name,
          shot: shot.name,
          width,
          height,
          viewport: settings.viewport,
          deviceScaleFactor: settings.deviceScaleFactor,
          fullPage: settings.fullPage,
          ...(shot.selector ? { selector: shot.selector } : {}),
          url: settings.url,
          createdAt: new Date().toISOString(),
          runId: latest.runId,
          source: 'canary baseline update',
        });
        process.stdout.write(
          `✓ ${name} › ${shot.name}: baseline updated from run ${latest.runId} (${width}×${height}) → ${shown(path.join(project.dataDir, rel))}\n`,
        );
      }
      process.exit(missing > 0 ? 1 : 0);
    });
}

/** The visual settings of a canary: a visual canary's own, or a GUI workflow's compared screenshot steps. */
function visualView(blueprint: string, settings: unknown): VisualSettings | undefined {
  if (blueprint === 'visual') return settings as VisualSettings;
  if (blueprint !== 'gui-workflow') return undefined;
  const gui = settings as GuiWorkflowSettings;
  const shots = (gui.steps ?? []).flatMap((s) =>
    s.action === 'screenshot' && s.compare && s.name
      ? [{ name: s.name, ignore: [], ...(s.compare.selector ? { selector: s.compare.selector } : {}) }]
      : [],
  );
  if (shots.length === 0) return undefined;
  return {
    url: 'gui-workflow',
    viewport: gui.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    fullPage: true,
    threshold: 0.1,
    maxDiffPercent: 0,
    ignore: [],
    requireBaseline: false,
    screenshots: shots,
  };
}
