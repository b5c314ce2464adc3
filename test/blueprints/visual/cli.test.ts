import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../fixtures/site/index.ts';
import { mountVisual } from '../../fixtures/site/visual.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';
import { setMode } from './helpers.ts';

const CLI = fileURLToPath(new URL('../../../bin/canary.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../cli/main.ts', import.meta.url));
const ENTRY = fileURLToPath(new URL('./baseline-cli-entry.ts', import.meta.url));
const exec = promisify(execFile);

/** `canary <args>`; `baseline` goes through a stand-in entry until cli/main.ts registers it. */
async function canary(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const wired = /registerBaseline\(program\)/.test(readFileSync(MAIN, 'utf8'));
  const argv = args[0] === 'baseline' && !wired ? ['--import', 'tsx', ENTRY, ...args] : [CLI, ...args];
  try {
    const { stdout, stderr } = await exec(process.execPath, argv, {
      cwd,
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const visualCanary = (name: string, url: string) => `import { defineCanary } from 'canarykit';
export default defineCanary({ name: '${name}', blueprint: 'visual', url: '${url}', schedule: 'rate(5 minutes)', timeout: 30,
  maxDiffPercent: 0.5, ignore: [{ selector: '.clock' }] });
`;

describe('canary run + canary baseline update (visual)', () => {
  let site: FixtureSite;
  let tmp: TempProject;

  beforeAll(async () => {
    site = await startFixtureSite((app) => void mountVisual(app));
    tmp = await tempProject({
      'canary.config.ts': `import { defineConfig } from 'canarykit';\nexport default defineConfig({ dataDir: '.canary' });\n`,
      'canaries/look.canary.ts': visualCanary('look', `${site.baseUrl}/visual/`),
      'canaries/fresh.canary.ts': visualCanary('fresh', `${site.baseUrl}/visual/`),
    });
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it(
    'creates the baseline, fails on a change, accepts the change as baseline, then passes',
    { timeout: 240_000 },
    async () => {
      const first = await canary(tmp.dir, 'run', 'canaries/look.canary.ts');
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toMatch(/✓ look {2}PASSED/);
      expect(existsSync(path.join(tmp.dir, '.canary/baselines/look/page.png'))).toBe(true);

      await setMode(site.baseUrl, 'changed');
      const changed = await canary(tmp.dir, 'run', 'canaries/look.canary.ts');
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(
        /✗ look {2}FAILED {2}\d+ ms {2}step "page" failed: visual diff [\d.]+ % exceeds maxDiffPercent 0.5 %/,
      );

      const update = await canary(tmp.dir, 'baseline', 'update', 'look');
      expect(update.code, update.stderr).toBe(0);
      const m =
        /✓ look › page: baseline updated from run (look-\S+-a1) \(1280×\d+\) → \.canary\/baselines\/look\/page\.png/.exec(
          update.stdout,
        );
      expect(m, update.stdout).not.toBeNull();
      const accepted = await readFile(path.join(tmp.dir, '.canary/runs/look', m?.[1] ?? '', 'page.png'));
      expect((await readFile(path.join(tmp.dir, '.canary/baselines/look/page.png'))).equals(accepted)).toBe(true);
      const meta = JSON.parse(await readFile(path.join(tmp.dir, '.canary/baselines/look/page.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(meta).toMatchObject({ runId: m?.[1], source: 'canary baseline update' });

      const after = await canary(tmp.dir, 'run', 'canaries/look.canary.ts');
      expect(after.code, after.stdout).toBe(0);
      expect(after.stdout).toMatch(/✓ look {2}PASSED/);
    },
  );

  it('explains what is missing', { timeout: 120_000 }, async () => {
    const none = await canary(tmp.dir, 'baseline', 'update', 'fresh');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /✗ fresh › page: no screenshot found under \.canary\/runs\/fresh\/\*\/page\.png; run the canary first/,
    );
    const unknown = await canary(tmp.dir, 'baseline', 'update', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no canary named "nope" in this project \(found: fresh, look\)/);
    const step = await canary(tmp.dir, 'baseline', 'update', 'look', '--step', 'bogus');
    expect(step.code).toBe(1);
    expect(step.stderr).toMatch(/canary "look" has no screenshot "bogus" \(it has: page\)/);
    const help = await canary(tmp.dir, 'baseline', 'update', '--help');
    expect(help.stdout).toMatch(/Usage: canary baseline update \[options\] <canary>/);
  });
});
