import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const canary = `export default { name: 'shop', blueprint: 'api', schedule: 'rate(5 minutes)', requests: [{ url: 'http://127.0.0.1:9/' }] };\n`;

async function problems(statusPages: string): Promise<string[]> {
  tmp = await tempProject({
    'canary.config.ts': `export default { statusPages: ${statusPages} };\n`,
    'canaries/shop.canary.ts': canary,
  });
  try {
    await loadProject({ cwd: tmp.dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

describe('statusPages validation', () => {
  it('accepts pages by canary name and by tag', async () => {
    expect(
      await problems(
        `[{ slug: 'public', title: 'Shop', description: 'x', canaries: ['shop'] }, { slug: 'ops', title: 'Ops', tags: ['team=ops'] }]`,
      ),
    ).toEqual([]);
  });

  it('reports every problem with its place', async () => {
    const out = await problems(
      `[{ slug: 'Bad Slug', title: '' , canaries: ['shop'] }, { slug: 'x', title: 'X' }, { slug: 'y', title: 'Y', canaries: ['nope'] }, { slug: 'y', title: 'Y2', tags: ['a'] }]`,
    );
    const text = out.join('\n');
    expect(text).toMatch(/statusPages\[0\]\.slug: expected lowercase letters/);
    expect(text).toMatch(/statusPages\[0\]\.title/);
    expect(text).toMatch(/statusPages\[1\].*expected canaries or tags/);
    expect(text).toMatch(/statusPages\[3\]\.slug: duplicate status page slug "y"/);
  });

  it('names an unknown canary', async () => {
    expect((await problems(`[{ slug: 'y', title: 'Y', canaries: ['nope'] }]`)).join('\n')).toMatch(
      /canary\.config\.ts › statusPages\[0\]\.canaries\[0\]: unknown canary "nope": expected one of shop/,
    );
  });
});
