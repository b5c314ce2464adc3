import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderRunHtml } from './html/render-run.ts';
import type { Reporter, ReporterOptions } from './reporter.ts';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** Writes `<outDir>/<runId>.html`: one self-contained page per run (images inlined, other artifacts linked). */
export function htmlReporter(opts: ReporterOptions): Reporter {
  return {
    async onRunEnd(run) {
      await mkdir(opts.outDir, { recursive: true });
      const html = await renderRunHtml(run, {
        async artifactUrl(artifactPath, inline) {
          const abs = path.join(opts.dataDir, artifactPath);
          const mime = MIME[path.extname(abs).toLowerCase()];
          if (inline && mime) {
            try {
              return `data:${mime};base64,${(await readFile(abs)).toString('base64')}`;
            } catch {
              return undefined;
            }
          }
          return path.relative(opts.outDir, abs).split(path.sep).join('/');
        },
      });
      await writeFile(path.join(opts.outDir, `${run.id}.html`), html);
    },
  };
}
