import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserProvider } from '../../../core/blueprint.ts';
import type { Diagnostic } from '../../../core/diagnostics.ts';
import type { RunRecord } from '../../../core/types.ts';
import type { CanaryDefinition } from '../../../core/canary.ts';
import { validateCanary } from '../../../config/validate-canary.ts';
import { executeRun } from '../../../runner/execute-run.ts';

/** A browser provider that counts and refuses: the api blueprint must never ask for Chromium. */
export const noBrowser = {
  acquired: 0,
  async acquire(): Promise<never> {
    noBrowser.acquired += 1;
    throw new Error('the api blueprint asked for a browser');
  },
} satisfies BrowserProvider & { acquired: number };

/** Validates a canary the way a project load does; returns the diagnostics. */
export function validate(raw: Record<string, unknown>): {
  definition: CanaryDefinition | undefined;
  problems: string[];
} {
  const out: Diagnostic[] = [];
  const v = validateCanary(
    'canaries/api.canary.ts',
    { name: 'api-test', blueprint: 'api', schedule: 'rate(1 minute)', ...raw },
    out,
  );
  return { definition: v.definition, problems: out.map((d) => `${d.path}: ${d.message}`) };
}

let seq = 0;

/** Validates then runs a canary once through the runner (redaction included), as the worker does. */
export async function runCanary(raw: Record<string, unknown>): Promise<RunRecord> {
  const { definition, problems } = validate(raw);
  if (!definition) throw new Error(`invalid canary:\n${problems.join('\n')}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'canarykit-api-'));
  try {
    return await executeRun({ canary: definition, runId: `api-run-${++seq}`, attempt: 1, dataDir, browser: noBrowser });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
