import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

async function problems(actions: string): Promise<string[]> {
  tmp = await tempProject({
    'canary.config.ts': `export default { actions: ${actions} };\n`,
    'canaries/web.canary.ts': `export default { name: 'web-home', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
  });
  try {
    await loadProject({ cwd: tmp.dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

describe('recover action validation, with every problem in its place', () => {
  it('accepts the issue example', async () => {
    expect(
      await problems(
        `{ 'web-recover': { type: 'recover', provider: 'docker', container: 'web-1', mode: 'start', verify: { canary: 'web-home', within: 60 }, onUnverified: ['pager'] }, pager: { type: 'webhook', url: 'http://127.0.0.1:9/h' } }`,
      ),
    ).toEqual([]);
  });

  it('reports an unknown provider, bad target fields, an unknown canary and an unknown escalation', async () => {
    const found = await problems(`{
      a: { type: 'recover', provider: 'ec3', container: 'web-1' },
      b: { type: 'recover', provider: 'docker', container: 'web 1', mode: 'reboot' },
      c: { type: 'recover', provider: 'docker', label: 'app=web', verify: { canary: 'nope', within: 60 }, onUnverified: ['pager', 'c'] },
      d: { type: 'recover', provider: 'docker', container: 'x', per: 'often', maxAttempts: 0 },
    }`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/actions\.a\.provider.*unknown recovery provider "ec3": expected one of command, docker/),
        expect.stringMatching(/actions\.b\.container.*expected a container name or id/),
        expect.stringMatching(/actions\.b\.mode.*/),
        expect.stringMatching(/actions\.c\.verify\.canary.*unknown canary "nope": expected one of web-home/),
        expect.stringMatching(/actions\.c\.onUnverified\[0\].*unknown action "pager"/),
        expect.stringMatching(/actions\.c\.onUnverified\[1\].*an action cannot run itself/),
        expect.stringMatching(/actions\.d\.per.*expected a duration such as 1 day/),
        expect.stringMatching(/actions\.d\.maxAttempts/),
      ]),
    );
  });
});
