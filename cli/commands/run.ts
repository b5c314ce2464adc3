import path from 'node:path';
import type { Command } from 'commander';
import { findBlueprint } from '../../blueprints/index.ts';
import type { RunRecord } from '../../core/types.ts';
import { isReporterName, reporters, type ReporterName } from '../../reports/index.ts';
import { multiplex } from '../../reports/multiplexer.ts';
import { BrowserPool } from '../../runner/browser/browser-pool.ts';
import { executeRun } from '../../runner/execute-run.ts';
import { runWithRetries } from '../../runner/run-with-retries.ts';
import { loadOrExit } from '../load-or-exit.ts';

interface RunOptions {
  config?: string;
  reporter: string;
  out: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'run canaries once, without Redis (CI smoke tests); exit 0 if all pass, 1 if any fails, 2 on a configuration error',
    )
    .argument('[files...]', "canary files or globs (default: the config's canaries)")
    .option('-c, --config <path>', 'config file (default: ./canary.config.ts when present)')
    .option('-r, --reporter <names>', `comma-separated reporters: ${Object.keys(reporters).join(', ')}`, 'list')
    .option('-o, --out <dir>', 'directory for report files', 'reports-out')
    .action(async (files: string[], opts: RunOptions) => {
      const names = opts.reporter
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !isReporterName(n));
      if (unknown.length > 0) {
        process.stderr.write(
          `✗ unknown reporter ${unknown.map((n) => `"${n}"`).join(', ')}: expected ${Object.keys(reporters).join(', ')}\n`,
        );
        process.exit(2);
      }
      const project = await loadOrExit(
        {
          ...(opts.config ? { configPath: opts.config } : {}),
          ...(files.length > 0 ? { canaryFiles: files } : {}),
          configOptional: true,
        },
        2,
      );
      const outDir = path.resolve(opts.out);
      const write = (line: string) => process.stdout.write(`${line}\n`);
      const reporter = multiplex(
        (names as ReporterName[]).map((name) => ({
          name,
          reporter: reporters[name]({ outDir, dataDir: project.dataDir, write }),
        })),
        (msg) => process.stderr.write(`! ${msg}\n`),
      );
      const browser = new BrowserPool();
      const started = Date.now();
      const records: RunRecord[] = [];
      try {
        for (const canary of project.canaries) {
          await reporter.onRunBegin(canary);
          const base = `${canary.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          // No queue here: the ERROR retries run in this process, and only the last attempt is reported.
          const { record } = await runWithRetries({
            attempt: 1,
            attempts: 1 + (findBlueprint(canary.blueprint) ? project.config.worker.errorRetries : 0),
            retries: 'in-process',
            runIdFor: (attempt) => `${base}-a${attempt}`,
            execute: (runId, attempt) =>
              executeRun({
                canary,
                runId,
                attempt,
                dataDir: project.dataDir,
                browser,
                onProgress: (m) => void reporter.onProgress(canary, m),
                onStepEnd: (st) => void reporter.onStepEnd(canary, st),
              }),
          });
          records.push(record);
          await reporter.onRunEnd(record);
        }
        await reporter.onEnd({ runs: records, durationMs: Date.now() - started });
      } finally {
        await browser.close();
      }
      process.exit(records.every((r) => r.status === 'PASSED') ? 0 : 1);
    });
}
