import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

async function load(proxies: string) {
  tmp = await tempProject({
    'canary.config.ts': `export default { proxies: ${proxies} };\n`,
    'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
  });
  return loadProject({ cwd: tmp.dir });
}

async function problems(proxies: string): Promise<string[]> {
  try {
    await load(proxies);
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('proxies config', () => {
  it('parses listen addresses (IPv4, bracketed IPv6) and keeps the upstream', async () => {
    const p = await load(
      `{ 'www-primary': { listen: '127.0.0.2:8081', upstream: 'http://127.0.0.12:8081' }, v6: { listen: '[::1]:8082', upstream: 'https://[::1]:8443/base' } }`,
    );
    expect(p.config.proxies).toEqual({
      'www-primary': { listen: { host: '127.0.0.2', port: 8081 }, upstream: 'http://127.0.0.12:8081' },
      v6: { listen: { host: '::1', port: 8082 }, upstream: 'https://[::1]:8443/base' },
    });
  });

  it('defaults to no proxies', async () => {
    tmp = await tempProject({
      'canary.config.ts': `export default {};\n`,
      'canaries/ok.canary.ts': `export default { name: 'ok', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'once' };\n`,
    });
    expect((await loadProject({ cwd: tmp.dir })).config.proxies).toEqual({});
  });

  it('reports every bad field with its place', async () => {
    const found = await problems(
      `{ 'Bad_Name': { listen: '127.0.0.2:1', upstream: 'http://127.0.0.1:1' }, a: { listen: '::1:80', upstream: 'ftp://x' }, b: { listen: '127.0.0.2:99999', upstream: 'http://127.0.0.1:1' }, c: { listen: 'localhost:80', upstream: 'http://127.0.0.1:1', extra: 1 }, d: { listen: '127.0.0.2', upstream: 'nope' } }`,
    );
    const text = found.join('\n');
    expect(text).toContain('proxies.Bad_Name');
    expect(text).toContain('expected lowercase letters, digits and "-"');
    expect(text).toMatch(/proxies\.a\.listen.*IPv6 host in brackets/);
    expect(text).toMatch(/proxies\.a\.upstream.*expected an http:\/\/ or https:\/\/ URL/);
    expect(text).toMatch(/proxies\.b\.listen.*port 99999 is out of range/);
    expect(text).toMatch(/proxies\.c\.listen.*"localhost" is not an IP address/);
    expect(text).toMatch(/proxies\.c.*extra/);
    expect(text).toMatch(/proxies\.d\.listen.*expected "host:port"/);
    expect(text).toMatch(/proxies\.d\.upstream/);
  });

  it('rejects two proxies on one listen address, naming both', async () => {
    const found = await problems(
      `{ one: { listen: '127.0.0.2:8081', upstream: 'http://127.0.0.1:1' }, two: { listen: '127.0.0.2:8081', upstream: 'http://127.0.0.1:2' } }`,
    );
    expect(found.join('\n')).toMatch(/proxies\.two\.listen.*proxies "one" and "two" both listen on 127\.0\.0\.2:8081/);
  });
});
