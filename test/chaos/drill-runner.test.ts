import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrillRunStore } from '../../chaos/drill/drill-run-store.ts';
import { drillReporters, multiplexDrillReporters } from '../../reports/drill/index.ts';
import type { DrillWorld } from '../../chaos/drill/drill-world.ts';
import { runDrill, type RunDrillOptions } from '../../chaos/drill/run-drill.ts';
import { DrillTargetLock } from '../../chaos/drill/target-lock.ts';
import type { Project } from '../../config/project.ts';
import type { DrillJournal } from '../../core/drill.ts';
import { openClients, type Clients } from '../../stack/clients.ts';
import { createDrillWorld } from '../../stack/drill-world.ts';
import { ALL_ROLES, startStack, type Stack } from '../../stack/start-stack.ts';
import { drillProject, testDrill } from '../support/drill-project.ts';
import { startOrigin, type Origin } from '../support/origin.ts';
import { OriginFaultController } from '../support/origin-fault.ts';
import { deletePrefix, testPrefix } from '../support/redis-prefix.ts';
import type { TempProject } from '../support/temp-project.ts';

const at = (j: DrillJournal, p: keyof DrillJournal['timeline']) => {
  const point = j.timeline[p];
  if (point.at === undefined) throw new Error(`${p} missing: ${point.reason}\n${JSON.stringify(j.steps, null, 1)}`);
  return Date.parse(point.at);
};

describe('drill runner against the real stack (api canary, alarm, built-in DNS failover)', () => {
  const prefix = testPrefix('drill');
  let primary: Origin;
  let secondary: Origin;
  let tmp: TempProject;
  let project: Project;
  let stack: Stack;
  let clients: Clients;
  let world: DrillWorld;
  let controller: OriginFaultController;
  let lock: DrillTargetLock;
  let journal: DrillJournal | undefined;

  const base = {
    name: 'www-failover',
    steadyState: { alarms: { 'www-down': 'OK' }, canaries: ['www-home'], for: 1 },
    faults: [{ type: 'origin-down', origin: 'primary' }],
    lease: 30,
  };
  const recover = [
    { alarm: 'www-down', state: 'OK', within: 30 },
    { dns: 'www.demo.test', serves: 'primary', within: 30 },
  ];
  const options = (extra: Partial<RunDrillOptions> = {}): RunDrillOptions => ({
    world,
    controller: () => controller,
    lock,
    ...extra,
  });

  beforeAll(async () => {
    primary = await startOrigin('127.0.0.2', 'primary');
    secondary = await startOrigin('127.0.0.3', 'secondary');
    ({ tmp, project } = await drillProject({ prefix, primaryUrl: primary.url }));
    stack = await startStack({ project, roles: ALL_ROLES });
    // The drill opens its own clients, as `canary drill run` does beside `canary up`.
    clients = await openClients(() => project);
    clients.localDns.address = { host: '127.0.0.1', port: stack.dnsPort ?? 0 };
    world = createDrillWorld(clients, () => project);
    controller = new OriginFaultController({ primary }, clients.events);
    lock = new DrillTargetLock(clients.redis, prefix);
  });

  afterAll(async () => {
    await clients?.close();
    await stack?.close();
    await primary?.stop();
    await secondary?.stop();
    await tmp?.remove();
    await deletePrefix(prefix);
  });

  it('runs the failover drill: ordered, plausible timeline; reverted; recovered', async () => {
    const drill = testDrill(project, {
      ...base,
      expect: [
        { alarm: 'www-down', state: 'ALARM', within: 20 },
        { dns: 'www.demo.test', serves: 'secondary', within: 25 },
      ],
      holdFor: 1,
      recover,
    });
    const seen: string[] = [];
    const store = new DrillRunStore(clients.redis, prefix);
    const j = await runDrill(
      drill,
      options({ onStep: (s) => void (s.outcome && seen.push(`${s.phase}:${s.outcome}`)), save: (x) => store.save(x) }),
    );
    journal = j;
    expect(j.status, j.reason).toBe('passed');
    const [t0, t1, t2, t3, t4] = (['t0', 't1', 't2', 't3', 't4'] as const).map((p) => at(j, p));
    expect(t0).toBeLessThan(t1 as number);
    expect(t1).toBeLessThan(t2 as number);
    expect(t2).toBeLessThanOrEqual(t3 as number);
    expect(t3).toBeLessThan(t4 as number);
    expect(at(j, 't7')).toBeGreaterThan(t4 as number);
    expect(at(j, 't8')).toBeGreaterThan(at(j, 't7'));
    expect(at(j, 't6')).toBeGreaterThan(at(j, 't7'));
    expect(j.measures.ttd.ms).toBe((t2 as number) - (t0 as number));
    expect(j.measures.ttf.ms).toBe((t4 as number) - (t0 as number));
    expect(j.measures.failedRuns).toBeGreaterThanOrEqual(1);
    // The client vantage (our own DNS server through dns.Resolver) sees the switch no earlier than it is published.
    expect(j.measures.clients).toHaveLength(1);
    expect(j.measures.clients[0]?.ttf.ms).toBeGreaterThanOrEqual(j.measures.ttf.ms ?? Infinity);
    expect(j.reverts).toEqual([expect.objectContaining({ outcome: 'reverted', target: 'origin primary' })]);
    expect(controller.active.size).toBe(0);
    expect(seen).toEqual(
      expect.arrayContaining(['lock:passed', 'steady-state:passed', 'inject:passed', 'expect:passed', 'hold:passed']),
    );
    expect(seen.indexOf('revert:passed')).toBeGreaterThan(seen.indexOf('hold:passed'));
    expect(seen.filter((s) => s === 'recover:passed')).toHaveLength(2);
    // The steps are on the event stream, the alarm steps naming their alarm.
    const steps = (await stack.events.read({ types: ['DrillStep'], count: 1000 })).filter(
      (e) => e.event.drillRunId === j.id,
    );
    expect(steps.some((e) => e.event.phase === 'expect' && e.event.alarms?.includes('www-down'))).toBe(true);
  });

  it('serves the journal at /api/drills/runs/:id (404 for an unknown run)', async () => {
    const res = await fetch(`${stack.apiUrl}/api/drills/runs/${journal?.id ?? ''}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(journal)));
    const missing = await fetch(`${stack.apiUrl}/api/drills/runs/drl-nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      message: 'no drill run "drl-nope" (it never ran, or its journal was trimmed)',
    });
    expect(await (await fetch(`${stack.apiUrl}/api/drills`)).json()).toEqual([]);
  });

  it('writes the json, junit and html reports of the journal', async () => {
    const j = journal as DrillJournal;
    const outDir = path.join(tmp.dir, 'reports');
    const lines: string[] = [];
    const all = multiplexDrillReporters(
      (['list', 'json', 'junit', 'html'] as const).map((name) => ({
        name,
        reporter: drillReporters[name]({ outDir, write: (l) => lines.push(l) }),
      })),
      (msg) => {
        throw new Error(msg);
      },
    );
    await all.onDrillEnd(j);
    await all.onEnd([j, j]);
    expect(JSON.parse(await readFile(path.join(outDir, `www-failover-${j.id}.json`), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(j)),
    );
    const junit = await readFile(path.join(outDir, 'drills-junit.xml'), 'utf8');
    // One testcase per expectation (2 expect, 2 recover), none failing.
    expect(junit.match(/<testcase /g)).toHaveLength(8);
    expect(junit).toContain('name="expect: alarm www-down is ALARM"');
    expect(junit).not.toContain('<failure');
    const html = await readFile(path.join(outDir, `www-failover-${j.id}.html`), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('alarm www-down');
    expect(html).toContain('fault window');
    expect(html).not.toMatch(/<script|src="http/);
    expect(lines.join('\n')).toMatch(/TTD \d+\.\d\d s/);
    expect(lines.join('\n')).toMatch(/TTR +median \d+\.\d\d s +max \d+\.\d\d s +\(2 runs\)/);
  });

  it('reverts when an expectation fails, and says which', async () => {
    const before = controller.reverted;
    const drill = testDrill(project, {
      ...base,
      expect: [{ canary: 'www-home', passes: true, within: 10 }],
      recover,
    });
    const j = await runDrill(drill, options());
    expect(j.status).toBe('failed');
    expect(j.reason).toMatch(/expect: canary www-home passes: the first run after the step started, .* was FAILED/);
    expect(controller.reverted).toBe(before + 1);
    expect(j.reverts[0]?.outcome).toBe('reverted');
  });

  it('aborts and reverts at once when a guard alarm goes to ALARM', async () => {
    const before = controller.reverted;
    const drill = testDrill(project, {
      ...base,
      expect: [{ dns: 'www.demo.test', serves: '127.0.0.9', within: 60 }],
      abortOn: ['www-down'],
      recover,
    });
    const j = await runDrill(drill, options());
    expect(j.status).toBe('aborted');
    expect(j.reason).toBe('guard alarm www-down went to ALARM');
    expect(controller.reverted).toBe(before + 1);
    expect(j.steps.find((s) => s.phase === 'expect')?.outcome).toBe('aborted');
    expect(j.steps.some((s) => s.phase === 'recover')).toBe(false);
  });

  it('reverts when our own code throws mid-drill', async () => {
    const before = controller.reverted;
    const drill = testDrill(project, {
      ...base,
      expect: [{ alarm: 'www-down', state: 'ALARM', within: 20 }],
      holdFor: 1,
      recover,
    });
    const j = await runDrill(
      drill,
      options({
        onStep: (s) => {
          if (s.phase === 'hold') throw new Error('reporter exploded');
        },
      }),
    );
    expect(j.status).toBe('failed');
    expect(j.reason).toBe('error: reporter exploded');
    expect(controller.reverted).toBe(before + 1);
  });

  it('reverts when interrupted (the signal SIGINT aborts in the CLI)', async () => {
    const before = controller.reverted;
    const drill = testDrill(project, { ...base, expect: [{ alarm: 'www-down', state: 'ALARM', within: 30 }], recover });
    const interrupt = new AbortController();
    const j = await runDrill(
      drill,
      options({
        signal: interrupt.signal,
        onStep: (s) => {
          if (s.phase === 'inject' && s.outcome === 'passed') interrupt.abort('interrupted by SIGINT');
        },
      }),
    );
    expect(j.status).toBe('aborted');
    expect(j.reason).toBe('interrupted by SIGINT');
    expect(controller.reverted).toBe(before + 1);
  });

  it('reverts when the overall timeout passes', async () => {
    const before = controller.reverted;
    const drill = testDrill(project, {
      ...base,
      expect: [{ dns: 'www.demo.test', serves: '127.0.0.9', within: 60 }],
      timeout: 4,
      recover,
    });
    const j = await runDrill(drill, options());
    expect(j.status).toBe('aborted');
    expect(j.reason).toBe('timed out after 4 s');
    expect(controller.reverted).toBe(before + 1);
  });

  it('a dry run checks the steady state and says what it would inject, injecting nothing', async () => {
    const before = controller.injected;
    const j = await runDrill(
      testDrill(project, { ...base, expect: [{ alarm: 'www-down', state: 'ALARM', within: 5 }] }),
      {
        ...options(),
        dryRun: true,
      },
    );
    expect(j.status).toBe('passed');
    expect(j.dryRun).toBe(true);
    expect(controller.injected).toBe(before);
    expect(j.faults).toEqual([expect.objectContaining({ target: 'origin primary', dryRun: true })]);
    expect(j.steps.find((s) => s.phase === 'inject')).toMatchObject({
      outcome: 'skipped',
      detail: 'dry run: would inject {"type":"origin-down","origin":"primary"}',
    });
    expect(j.steps.some((s) => s.phase === 'expect' || s.phase === 'revert')).toBe(false);
  });

  it('fails without injecting when the steady state is not reached', async () => {
    const before = controller.injected;
    const drill = testDrill(project, {
      ...base,
      steadyState: { alarms: { 'www-down': 'ALARM' }, canaries: ['www-home'], for: 1, within: 2 },
    });
    const j = await runDrill(drill, options());
    expect(j.status).toBe('failed');
    expect(j.reason).toBe('steady state not reached: alarm www-down is OK, not ALARM');
    expect(controller.injected).toBe(before);
    expect(j.timeline.t0).toEqual({ reason: 'no fault was injected' });
  });

  it('fails fast, naming the holder, when another drill holds a target', async () => {
    const before = controller.injected;
    const other = new DrillTargetLock(clients.redis, prefix);
    const held = await other.acquire(['origin:primary'], { drillRunId: 'drl-other', drill: 'db-drill', owner: 'h:1' });
    try {
      const j = await runDrill(testDrill(project, { ...base }), options());
      expect(j.status).toBe('failed');
      expect(j.reason).toBe('target origin:primary is locked by drill "db-drill" (run drl-other on h:1)');
      expect(controller.injected).toBe(before);
    } finally {
      await held.release();
    }
  });
});
