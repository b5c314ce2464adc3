import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../support/closed-port.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { runCli } from '../support/run-cli.ts';

const canary = (cwd: string, ...args: string[]) => runCli(cwd, args);

const heartbeat = (name: string, url: string) => `import { defineCanary } from 'canarykit';
export default defineCanary({ name: '${name}', blueprint: 'heartbeat', url: '${url}', expectText: 'Welcome', schedule: 'rate(1 minute)', timeout: 5 });
`;

describe('canary run (CI smoke tests, no Redis)', () => {
  let site: Origin;
  let tmp: TempProject;

  beforeAll(async () => {
    site = await startOrigin('127.0.0.1', 'smoke');
    tmp = await tempProject({
      'canaries/up.canary.ts': heartbeat('site-up', site.url),
      'canaries/down.canary.ts': heartbeat('site-down', `http://127.0.0.1:${await closedPort()}/`),
      'bad/typo.canary.ts': `export default { name: 'typo', blueprint: 'heartbeat', url: 'http://x/', schedule: 'every minute' };\n`,
    });
  });
  afterAll(async () => {
    await site?.stop();
    await tmp?.remove();
  });

  it('exits 0 when every canary passes, with one line per canary', async () => {
    const r = await canary(tmp.dir, 'run', 'canaries/up.canary.ts');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ site-up {2}PASSED {2}\d+ ms/);
    expect(r.stdout).toMatch(/1 canary: 1 passed, 0 failed, 0 errored/);
  });

  it('exits 1 when one fails, and writes JUnit and JSON reports with the reason', async () => {
    const out = path.join(tmp.dir, 'out');
    const r = await canary(tmp.dir, 'run', 'canaries/*.canary.ts', '--reporter', 'list,junit,json', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ site-down {2}FAILED {2}\d+ ms {2}net::ERR_CONNECTION_REFUSED/);
    const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="canarykit" tests="2" failures="1" errors="0"/);
    expect(junit).toMatch(/<testsuite name="site-down" tests="1" failures="1" errors="0"/);
    expect(junit).toMatch(
      /<testcase classname="site-down" name="load"[^>]*>\s*<failure message="net::ERR_CONNECTION_REFUSED/,
    );
    expect(junit).toMatch(/<testsuite name="site-up" tests="1" failures="0" errors="0"/);
    expect(junit).toMatch(/\[\[ATTACHMENT\|[^\]]+screenshot\.png\]\]/);
  });

  it('exits 2 on a configuration error and names the file and field', async () => {
    const r = await canary(tmp.dir, 'run', 'bad/typo.canary.ts');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\/typo\.canary\.ts › schedule: expected "rate\(N/);
  });

  it('exits 2 when nothing matches and on an unknown reporter', async () => {
    expect((await canary(tmp.dir, 'run', 'nothing/*.canary.ts')).code).toBe(2);
    const r = await canary(tmp.dir, 'run', 'canaries/up.canary.ts', '--reporter', 'fancy');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown reporter "fancy"/);
  });

  it('validate prints every problem and exits 1', async () => {
    const r = await canary(tmp.dir, 'validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no config file found/);
  });

  it('has --help everywhere', async () => {
    for (const cmd of [[], ['run'], ['up'], ['worker'], ['validate']]) {
      const r = await canary(tmp.dir, ...cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: canary/);
    }
  });
});
