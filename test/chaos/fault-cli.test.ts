import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processState } from '../../chaos/faults/process/proc-table.ts';
import { loadProject } from '../../config/load-project.ts';
import type { FaultReverted } from '../../core/events.ts';
import { openClients, type Clients } from '../../stack/clients.ts';
import { startStack, type Stack } from '../../stack/start-stack.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { runCli } from '../support/run-cli.ts';
import { spawnCli } from '../support/spawn-cli.ts';
import { tempProject, type TempProject } from '../support/temp-project.ts';
import { waitFor } from '../support/wait-for.ts';

const prefix = testPrefix('fault-cli');
let tmp: TempProject;
let clients: Clients;
const children: ChildProcess[] = [];

beforeAll(async () => {
  tmp = await tempProject({
    'canary.config.ts': `import { defineConfig } from 'canarykit';
export default defineConfig({
  redis: ${JSON.stringify(TEST_REDIS_URL)},
  redisPrefix: ${JSON.stringify(prefix)},
  api: { host: '127.0.0.1', port: 0, token: 'fault-test-token-123456' },
  dns: { listen: { host: '127.0.0.1', port: 0 }, zones: [{ name: 'demo.test', records: [
    { name: 'www.demo.test', type: 'A', primary: '127.0.0.2', secondary: '127.0.0.3' },
  ] }] },
});
`,
    'canaries/a.canary.ts': `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'a', blueprint: 'heartbeat', url: 'http://127.0.0.1:1/', schedule: 'rate(1 hour)' });
`,
  });
  const project = await loadProject({ cwd: tmp.dir });
  clients = await openClients(() => project);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await clients.close();
  await tmp.remove();
  await deletePrefix(prefix);
});

function sleeper(): { pid: number; match: string } {
  const secs = String(10000 + Math.floor(Math.random() * 5000));
  const child = spawn('sleep', [secs], { stdio: 'ignore' });
  children.push(child);
  return { pid: child.pid as number, match: `sleep ${secs}` };
}

const cli = (args: string[]) => runCli(tmp.dir, args, { REDIS_URL: TEST_REDIS_URL });

describe('canary fault', () => {
  it('SIGKILL of a controller: the faults role reverts its SIGSTOP once the lease runs out', async () => {
    const p = sleeper();
    await waitFor('sleep running', () => processState(p.pid) === 'S');
    const holder = spawnCli(
      ['fault', 'inject', 'process', `match=${p.match}`, '--for', '120s', '--lease', '3s'],
      tmp.dir,
    );
    children.push(holder.child);
    await holder.waitForOutput(/injected flt-/);
    const id = /injected (flt-[\w-]+)/.exec(holder.output())?.[1] as string;
    expect(processState(p.pid)).toBe('T');
    const after = await clients.events.lastId();
    holder.child.kill('SIGKILL');
    await holder.exited;

    const stack: Stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['faults'] });
    try {
      const ev = await waitFor(
        'FaultReverted',
        async () =>
          (await clients.events.read({ after, types: ['FaultReverted'] })).find(
            (e) => (e.event as FaultReverted).faultId === id,
          ),
        30_000,
      );
      expect(ev.event).toMatchObject({ reason: 'lease-expired', target: `process match "${p.match}"` });
      expect(processState(p.pid)).toBe('S');
    } finally {
      await stack.close();
    }
  });

  it('the kill switch ends a fault another process holds; that process exits', async () => {
    const p = sleeper();
    await waitFor('sleep running', () => processState(p.pid) === 'S');
    const holder = spawnCli(['fault', 'inject', 'process', `match=${p.match}`, '--for', '120s'], tmp.dir);
    children.push(holder.child);
    await holder.waitForOutput(/injected flt-/);
    expect(processState(p.pid)).toBe('T');
    const r = await cli(['fault', 'revert', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kill switch: ended 1 fault/);
    expect(processState(p.pid)).toBe('S');
    expect(await holder.exited).toBe(0);
    expect(holder.output()).toMatch(/ended elsewhere \(kill-switch\)/);
  });

  it('bad input exits 2 naming the field', async () => {
    const unknown = await cli(['fault', 'inject', 'bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown fault type "bogus"; known types: .*process/);
    const record = await cli(['fault', 'inject', 'dns', 'record=nope.demo.test', 'answer=SERVFAIL']);
    expect(record.code).toBe(2);
    expect(record.stderr).toMatch(/record: unknown record "nope.demo.test"/);
    const missing = await cli(['fault', 'inject', 'command', 'inject=true']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/revert: /);
    const num = await cli(['fault', 'inject', 'command', 'inject=true', 'revert=true', 'timeoutMs=soon']);
    expect(num.code).toBe(2);
    expect(num.stderr).toMatch(/timeoutMs: /);
    expect((await cli(['fault', 'revert', 'flt-nope'])).code).toBe(1);
  });

  it('the API lists faults with their leases, ends one (404 for unknown ids) and runs the kill switch', async () => {
    const stack = await startStack({ project: await loadProject({ cwd: tmp.dir }), roles: ['api'], apiPort: 0 });
    const auth = { authorization: 'Bearer fault-test-token-123456' };
    try {
      const api = stack.apiUrl as string;
      expect((await fetch(`${api}/api/faults`)).status).toBe(401);
      const a = await clients.faults.inject({ type: 'dns', record: 'www.demo.test', answer: 'NXDOMAIN' });
      const b = await clients.faults.inject({ type: 'dns', record: 'www.demo.test', answer: '10.0.0.9' });
      const list = (await (await fetch(`${api}/api/faults`, { headers: auth })).json()) as Array<
        Record<string, unknown>
      >;
      expect(list.map((f) => f.id)).toEqual([a.fault.id, b.fault.id]);
      expect(list[0]).toMatchObject({
        type: 'dns',
        target: 'dns www.demo.test',
        owner: clients.faults.owner,
        status: 'active',
      });
      expect(list[0]?.remainingMs).toBeGreaterThan(0);
      expect((await fetch(`${api}/api/faults/flt-nope`, { method: 'DELETE', headers: auth })).status).toBe(404);
      const del = await fetch(`${api}/api/faults/${a.fault.id}`, { method: 'DELETE', headers: auth });
      expect(del.status).toBe(200);
      expect(await a.ended).toBe('reverted');
      const all = await fetch(`${api}/api/faults/revert-all`, { method: 'POST', headers: auth });
      expect(await all.json()).toEqual({ ended: [b.fault.id], failed: [] });
      expect(await b.ended).toBe('kill-switch');
      expect(await (await fetch(`${api}/api/faults`, { headers: auth })).json()).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
