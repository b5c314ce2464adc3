import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultExport, importModule } from '../../config/import-module.ts';
import { drillRefs } from '../../config/load-drills.ts';
import { loadProject } from '../../config/load-project.ts';
import { validateDrill } from '../../config/validate-drill.ts';
import { ConfigError, formatDiagnostic, type Diagnostic } from '../../core/diagnostics.ts';
import { defineFault, type FaultSpec } from '../../core/fault.ts';
import { runCli } from '../support/run-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';

let tmp: TempProject | undefined;
afterEach(async () => tmp?.remove());

const config = `import { defineConfig } from 'canarykit';
export default defineConfig({
  dns: { zones: [{ name: 'demo.test', records: [{ name: 'www.demo.test', type: 'A', primary: '127.0.0.2', secondary: '127.0.0.3' }] }] },
  actions: { 'www-failover': { type: 'dns-failover', record: 'www.demo.test' } },
  proxies: { 'www-primary': { listen: '127.0.0.2:8081', upstream: 'http://127.0.0.12:8081' } },
  compositeAlarms: [{ name: 'checkout-broken', alarmRule: 'ALARM("www-down")' }],
});
`;
const canary = `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'www-home', blueprint: 'api', requests: [{ url: 'http://127.0.0.2/' }], schedule: 'rate(1 minute)',
  alarms: [{ name: 'www-down', metricName: 'SuccessPercent', period: 60, evaluationPeriods: 1, threshold: 100, comparisonOperator: 'LessThanThreshold', alarmActions: ['www-failover'] }] });
`;

/** The drill of the issue, exactly as written there. */
const issueExample = `import { defineDrill } from 'canarykit';
export default defineDrill({
  name: 'www-failover',
  steadyState: { alarms: { 'www-down': 'OK' }, canaries: ['www-home'], for: 3 },   // seconds of green before the fault
  faults: [{ type: 'http', proxy: 'www-primary', status: 503 }],
  expect: [                                                                         // while the fault is active
    { alarm: 'www-down', state: 'ALARM', within: 10 },
    { dns: 'www.demo.test', serves: 'secondary', within: 15 },
  ],
  holdFor: 5,                                                                       // keep the fault this long after the expectations pass
  recover: [                                                                        // after the revert
    { alarm: 'www-down', state: 'OK', within: 20 },
    { dns: 'www.demo.test', serves: 'primary', within: 30 },
  ],
  abortOn: ['checkout-broken'],                                                     // guard alarms: ALARM stops the drill and reverts at once
  lease: 30,
});
`;

/**
 * A test-only stand-in for the `http` fault (its `proxy` and `status` fields, and its check of the proxy name),
 * registered nowhere: the real plugin is chaos/faults/http, merged separately.
 */
const httpLike = defineFault({
  type: 'http',
  kind: 'served',
  schema: z.strictObject({
    type: z.literal('http'),
    proxy: z.string(),
    status: z.number().int().min(100).max(599).optional(),
  }) as z.ZodType<FaultSpec>,
  check: (spec, ctx) =>
    ctx.proxies.includes(String(spec.proxy))
      ? []
      : [{ path: 'proxy', message: `unknown proxy "${String(spec.proxy)}"; known: ${ctx.proxies.join(', ')}` }],
  target: (spec) => `proxy ${String(spec.proxy)}`,
  targets: (spec) => [`proxy:${String(spec.proxy)}`],
});

async function problems(files: Record<string, string>): Promise<string[]> {
  tmp = await tempProject({ 'canary.config.ts': config, 'canaries/www.canary.ts': canary, ...files });
  try {
    await loadProject({ cwd: tmp.dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

describe('drill validation', () => {
  it("accepts the issue's example as written (with an http fault type known)", async () => {
    tmp = await tempProject({ 'canary.config.ts': config, 'canaries/www.canary.ts': canary });
    const project = await loadProject({ cwd: tmp.dir });
    await tmp.write('drills/www.drill.ts', issueExample);
    const raw = defaultExport(await importModule(`${tmp.dir}/drills/www.drill.ts`));
    const out: Diagnostic[] = [];
    const refs = drillRefs({
      config: project.config,
      alarms: new Set(['www-down', 'checkout-broken']),
      canaries: new Set(['www-home']),
    });
    const { definition } = validateDrill(
      'drills/www.drill.ts',
      raw,
      { ...refs, faults: { ...refs.faults, proxies: ['www-primary'] } },
      out,
      (t) => (t === 'http' ? httpLike : undefined),
      ['http'],
    );
    expect(out).toEqual([]);
    expect(definition).toMatchObject({
      name: 'www-failover',
      steadyState: { alarms: { 'www-down': 'OK' }, canaries: ['www-home'], for: 3, within: 63 },
      faults: [{ type: 'http', proxy: 'www-primary', status: 503 }],
      faultTargets: ['proxy www-primary'],
      targets: ['proxy:www-primary'],
      holdFor: 5,
      abortOn: ['checkout-broken'],
      lease: 30,
      observe: { resolvers: [] },
      timeout: 600,
    });
    expect(definition?.expect).toHaveLength(2);
    expect(definition?.recover).toHaveLength(2);
  });

  it('loads the example through the project loader without a problem', async () => {
    expect(await problems({ 'drills/www.drill.ts': issueExample })).toEqual([]);
  });

  it('reports every problem of a drill file at once, each with its place', async () => {
    const found = await problems({
      'drills/bad.drill.ts': `import { defineDrill } from 'canarykit';
export default defineDrill({
  name: 'bad',
  steadyState: { alarms: { 'nope-down': 'OK' }, canaries: ['ghost'], for: 3 },
  faults: [{ type: 'lightning', strength: 11 }],
  expect: [
    { alarm: 'www-dwn', state: 'ALARM', within: 10 },
    { dns: 'mail.demo.test', serves: 'secondary', within: 15 },
    { dns: 'www.demo.test', serves: 'tertiary', within: 15 },
    { canary: 'www-home', passes: true, within: -1 },
    { action: 'www-failback', status: 'done', within: 5 },
    { state: 'OK', within: 5 },
    { alarm: 'www-down', canary: 'www-home', within: 5 },
  ],
  recover: [{ recovery: 'restart-web', verified: true, within: 20 }],
  abortOn: ['checkout-brokn'],
  schedule: 'rate(5 fortnights)',
  observe: { resolvers: ['dns.google'] },
  holdFor: 'long',
} as never);
`,
      'drills/dup.drill.ts': `export default { name: 'bad', faults: [{ type: 'lightning' }] };`,
      'drills/empty.drill.ts': `export default { name: 'empty', faults: [] };`,
    });
    const known = 'known: checkout-broken, www-down';
    expect(found).toEqual(
      expect.arrayContaining([
        'drills/bad.drill.ts › holdFor: expected a number, got "long"',
        'drills/bad.drill.ts › observe.resolvers[0]: expected a resolver address like 127.0.0.1:5300',
        'drills/bad.drill.ts › faults[0].type: unknown fault type "lightning"; known: http, dns, process, container, command',
        `drills/bad.drill.ts › expect[0].alarm: unknown alarm "www-dwn"; ${known}`,
        'drills/bad.drill.ts › expect[1].dns: unknown dns record "mail.demo.test"; known: www.demo.test',
        'drills/bad.drill.ts › expect[2].serves: expected "primary", "secondary" or an IP address, got "tertiary"',
        'drills/bad.drill.ts › expect[3].within: Too small: expected number to be >0',
        'drills/bad.drill.ts › expect[4].action: unknown action "www-failback"; known: www-failover',
        'drills/bad.drill.ts › expect[5]: expected an expectation with one of the fields alarm, dns, canary, action, recovery',
        'drills/bad.drill.ts › expect[6]: an expectation names one thing; got alarm and canary',
        'drills/bad.drill.ts › recover[0].recovery: unknown action "restart-web"; known: www-failover',
        `drills/bad.drill.ts › steadyState.alarms.nope-down: unknown alarm "nope-down"; ${known}`,
        'drills/bad.drill.ts › steadyState.canaries[0]: unknown canary "ghost"; known: www-home',
        `drills/bad.drill.ts › abortOn[0]: unknown alarm "checkout-brokn"; ${known}`,
        expect.stringMatching(/^drills\/bad\.drill\.ts › schedule: unknown unit "fortnights"/),
        'drills/dup.drill.ts › name: duplicate drill name "bad" (also in drills/bad.drill.ts)',
        'drills/empty.drill.ts › faults: expected at least one fault',
      ]),
    );
  });

  it('reports a fault plugin check problem with the fault place', () => {
    const out: Diagnostic[] = [];
    validateDrill(
      'drills/www.drill.ts',
      { name: 'x', faults: [{ type: 'http', proxy: 'x', status: 503 }] },
      {
        alarms: new Set(),
        canaries: new Set(),
        actions: new Set(),
        failoverRecords: new Set(),
        faults: { proxies: ['www-primary'], dnsRecords: [] },
      },
      out,
      (t) => (t === 'http' ? httpLike : undefined),
    );
    expect(out.map(formatDiagnostic)).toEqual([
      'drills/www.drill.ts › faults[0].proxy: unknown proxy "x"; known: www-primary',
    ]);
  });

  it('canary validate reports drill problems (exit 1)', async () => {
    tmp = await tempProject({
      'canary.config.ts': config,
      'canaries/www.canary.ts': canary,
      'drills/bad.drill.ts': `export default { name: 'bad', faults: [{ type: 'lightning' }], abortOn: ['nope'] };`,
    });
    const bad = await runCli(tmp.dir, ['validate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('drills/bad.drill.ts › abortOn[0]: unknown alarm "nope"');
    await tmp.write('drills/bad.drill.ts', `export default { name: 'bad', faults: [{ type: 'lightning' }] };`);
    const still = await runCli(tmp.dir, ['validate']);
    expect(still.stderr).toContain('drills/bad.drill.ts › faults[0].type: unknown fault type "lightning"');
  });
});
