import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { visual, type VisualSettingsInput } from '../../../blueprints/visual/index.ts';
import { SecretRegistry } from '../../../core/secret-registry.ts';
import type { BrowserProvider } from '../../../core/blueprint.ts';
import { createLogger } from '../../../core/logger.ts';
import type { RunResult, StepResult } from '../../../core/types.ts';

export interface VisualHarness {
  dataDir: string;
  /** Runs the visual blueprint as the runner would, with artifacts under `<dataDir>/runs/<canary>/<runId>`. */
  run(canary: string, input: VisualSettingsInput): Promise<RunResult & { artifactDir: string }>;
  cleanup(): Promise<void>;
}

let counter = 0;

export async function visualHarness(browser: BrowserProvider, timeoutMs = 20_000): Promise<VisualHarness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canarykit-visual-'));
  return {
    dataDir,
    async run(canary, input) {
      const runId = `run-${process.pid}-${++counter}`;
      const artifactPrefix = path.posix.join('runs', canary, runId);
      const artifactDir = path.join(dataDir, artifactPrefix);
      await mkdir(artifactDir, { recursive: true });
      const result = await visual.run(
        {
          canaryName: canary,
          runId,
          artifactDir,
          artifactPrefix,
          dataDir,
          timeoutMs,
          signal: new AbortController().signal,
          browser,
          log: createLogger('visual-test'),
          secrets: new SecretRegistry(),
          progress: () => {},
        },
        visual.settings.parse(input),
      );
      return { ...result, artifactDir };
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** The step of a screenshot (default "page"). */
export function shotStep(result: RunResult, name = 'page'): StepResult {
  const step = result.steps.find((s) => s.name === name);
  if (!step)
    throw new Error(`no step "${name}" in ${JSON.stringify(result.steps.map((s) => s.name))}: ${result.reason}`);
  return step;
}

export function metric(result: RunResult, name: string): number | undefined {
  return result.metrics?.find((m) => m.metricName === name)?.value;
}

export async function pngSize(file: string): Promise<{ width: number; height: number }> {
  const png = PNG.sync.read(await readFile(file));
  return { width: png.width, height: png.height };
}

export async function setMode(baseUrl: string, mode: string): Promise<void> {
  const res = await fetch(`${baseUrl}/visual/__layout/${mode}`, { method: 'POST' });
  if (!res.ok) throw new Error(`set mode ${mode}: HTTP ${res.status}`);
}
