import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CanaryDefinition } from '../../../core/canary.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import { formatDiagnostic, type Diagnostic } from '../../../core/diagnostics.ts';
import type { RunRecord, StepResult } from '../../../core/types.ts';
import { BrowserPool } from '../../../runner/browser/browser-pool.ts';
import { executeRun } from '../../../runner/execute-run.ts';
import { mountLoginApp, type LoginApp } from '../../fixtures/site/login-app.ts';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const PASSWORD = 'Tr0ub4dor-and-3-horses';

export interface Harness {
  site: FixtureSite;
  app: LoginApp;
  pool: BrowserPool;
  dataDir: string;
  /** Validates a canary as `loadProject` would, runs it once through the runner (redaction included). */
  run(raw: Record<string, unknown>, onStepEnd?: (s: StepResult) => void): Promise<RunRecord>;
  close(): Promise<void>;
}

let counter = 0;

/** The login fixture app on 127.0.0.1, one shared Chromium and a data dir; SHOP_PASSWORD is set for `{{env.…}}`. */
export async function startHarness(): Promise<Harness> {
  process.env.SHOP_PASSWORD = PASSWORD;
  let app: LoginApp | undefined;
  const site = await startFixtureSite((a) => void (app = mountLoginApp(a, { password: PASSWORD })));
  const pool = new BrowserPool();
  await pool.acquire();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ck-browser-flows-'));
  return {
    site,
    app: app as LoginApp,
    pool,
    dataDir,
    async run(raw, onStepEnd) {
      const canary = definition({ schedule: 'rate(1 minute)', timeout: 30, ...raw });
      return executeRun({
        canary,
        runId: `run-${process.pid}-${++counter}`,
        attempt: 1,
        dataDir,
        browser: pool,
        ...(onStepEnd ? { onStepEnd } : {}),
      });
    },
    async close() {
      await pool.close();
      await site.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A validated CanaryDefinition, or an error listing the problems. */
export function definition(raw: Record<string, unknown>): CanaryDefinition {
  const out: Diagnostic[] = [];
  const v = validateCanary('canaries/test.canary.ts', raw, out);
  if (!v.definition) throw new Error(`invalid canary:\n${out.map(formatDiagnostic).join('\n')}`);
  return v.definition;
}

/** Every artifact of a run is a real file under the data dir; screenshots are PNGs. */
export async function readArtifact(dataDir: string, artifactPath: string): Promise<Buffer> {
  return readFile(path.join(dataDir, artifactPath));
}

export const summary = (r: RunRecord) => r.steps.map((s) => `${s.status} ${s.name}`);
