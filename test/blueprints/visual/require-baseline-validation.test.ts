import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

describe('a visual canary that requires a baseline', () => {
  it('is reported at validation time when the baseline is missing, and loads once it exists', async () => {
    tmp = await tempProject({
      'canary.config.ts': `export default { dataDir: 'data' };\n`,
      'canaries/look.canary.ts': `export default { name: 'look', blueprint: 'visual', url: 'http://127.0.0.1:9/', schedule: 'once', requireBaseline: true };\n`,
    });
    const err = await loadProject({ cwd: tmp.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /^canaries\/look\.canary\.ts › requireBaseline: no baseline for screenshot "page" under .*baselines\/look\/: run the canary once without requireBaseline, then `canary baseline update look`$/,
      ),
    ]);
    const dir = path.join(tmp.dir, 'data', 'baselines', 'look');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'page.png'), PNG.sync.write(new PNG({ width: 2, height: 2 })));
    const p = await loadProject({ cwd: tmp.dir });
    expect(p.canaries.map((c) => c.name)).toEqual(['look']);
  });
});
