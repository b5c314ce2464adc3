/** `dnsProviders` and the provider fields of dns-failover / dns-failback, as `canary validate` reports them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../config/load-project.ts';
import { ConfigError, formatDiagnostic } from '../../core/diagnostics.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());
const SECRET_ENV = 'CK_TEST_DNSPROVIDERS_TSIG';
beforeEach(() => {
  process.env[SECRET_ENV] = Buffer.alloc(32, 1).toString('base64');
});
afterEach(() => {
  delete process.env[SECRET_ENV];
});

const project = (body: string) => ({
  'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig(${body});
`,
  'canaries/www.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'www-home', blueprint: 'heartbeat', url: 'http://127.0.0.1:9/', schedule: 'rate(1 minute)' });
`,
});

async function problems(body: string): Promise<string[]> {
  tmp = await tempProject(project(body));
  try {
    await loadProject({ cwd: tmp.dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const corp = `corp: { type: 'rfc2136', server: '192.0.2.53:53', zone: 'corp.example', tsig: { name: 'canary', algorithm: 'hmac-sha256', secretEnv: '${SECRET_ENV}' } }`;

describe('dnsProviders', () => {
  it("accepts the issue's example: named providers, and a dns-failover through one of them", async () => {
    tmp = await tempProject(
      project(`{
  dnsProviders: {
    builtin: { type: 'builtin' },
    ${corp},
  },
  actions: {
    'www-failover': { type: 'dns-failover', provider: 'corp', record: 'www.corp.example', recordType: 'A', primary: '192.0.2.10', secondary: '198.51.100.10', ttl: 30 },
    'www-failback': { type: 'dns-failback', provider: 'corp', record: 'www.corp.example', primary: ['192.0.2.10'], secondary: ['198.51.100.10'] },
  },
}`),
    );
    const p = await loadProject({ cwd: tmp.dir });
    expect(p.config.dnsProviders?.corp).toEqual({
      type: 'rfc2136',
      server: { host: '192.0.2.53', port: 53 },
      zone: 'corp.example',
      tsig: { name: 'canary', algorithm: 'hmac-sha256', secretEnv: SECRET_ENV },
      timeoutMs: 2000,
    });
    expect(p.config.actions['www-failover']).toEqual({
      type: 'dns-failover',
      provider: 'corp',
      record: 'www.corp.example',
      recordType: 'A',
      primary: ['192.0.2.10'],
      secondary: ['198.51.100.10'],
      ttl: 30,
    });
    // The secret's value is nowhere in the resolved config.
    expect(JSON.stringify(p.config)).not.toContain(process.env[SECRET_ENV]);
  });

  it('reports every problem of an entry with its place: unknown type, unset secret variable, bad server, stray field', async () => {
    delete process.env[SECRET_ENV];
    const found = await problems(`{
  dnsProviders: {
    ${corp},
    lab: { type: 'knot', server: '127.0.0.1:53' },
    bad: { type: 'rfc2136', server: 'ns1.example:53', zone: 'corp.example', tsig: { name: 'canary', algorithm: 'hmac-md4', secretEnv: 'X' }, extra: 1 },
  },
  actions: {},
}`);
    expect(found).toEqual([
      `canary.config.ts › dnsProviders.corp.tsig.secretEnv: environment variable ${SECRET_ENV} is not set: it must hold the base64 secret of TSIG key "canary"`,
      'canary.config.ts › dnsProviders.lab.type: unknown DNS provider type "knot": expected one of builtin, rfc2136, route53, cloudflare',
      'canary.config.ts › dnsProviders.bad.server: expected host:port with an IP address (192.0.2.53:53), got "ns1.example:53"',
      expect.stringMatching(
        /^canary\.config\.ts › dnsProviders\.bad\.tsig\.algorithm: expected one of .*"hmac-sha256"/,
      ),
      'canary.config.ts › dnsProviders.bad: unknown field "extra"',
    ]);
  });

  it('checks actions against the provider they name', async () => {
    const found = await problems(`{
  dnsProviders: { ${corp} },
  actions: {
    a: { type: 'dns-failover', provider: 'corpp', record: 'www.corp.example', primary: '192.0.2.10', secondary: '198.51.100.10' },
    b: { type: 'dns-failover', provider: 'corp', record: 'www.elsewhere.example', primary: '192.0.2.10', secondary: '198.51.100.10' },
    c: { type: 'dns-failover', provider: 'corp', record: 'www.corp.example', recordType: 'AAAA', primary: '192.0.2.10', secondary: ['2001:db8::1', 'nope'] },
    d: { type: 'dns-failback', provider: 'corp', record: 'www.corp.example', primary: '192.0.2.10' },
    e: { type: 'dns-failover', record: 'www.corp.example', primary: '192.0.2.10' },
  },
}`);
    expect(found).toEqual([
      'canary.config.ts › actions.a.provider: unknown DNS provider "corpp": expected one of builtin, corp',
      'canary.config.ts › actions.b.record: www.elsewhere.example is outside zone corp.example of this rfc2136 provider',
      'canary.config.ts › actions.c.primary[0]: "192.0.2.10" is not an IPv6 address (recordType AAAA)',
      'canary.config.ts › actions.c.secondary[1]: "nope" is not an IPv6 address (recordType AAAA)',
      'canary.config.ts › actions.d.secondary: the rfc2136 provider needs `secondary`: the address(es) of that side',
      'canary.config.ts › actions.e.primary: the built-in provider serves what dns.zones says: remove `primary` here',
    ]);
  });
});
