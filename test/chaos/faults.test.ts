import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisFaultController } from '../../chaos/fault-controller.ts';
import { startFaultReaper } from '../../chaos/fault-reaper.ts';
import { FaultStore } from '../../chaos/fault-store.ts';
import { RedisFaultView } from '../../chaos/fault-view.ts';
import { processState } from '../../chaos/faults/process/proc-table.ts';
import type { FaultReverted } from '../../core/events.ts';
import { RedisEventStream } from '../../events/redis-event-stream.ts';
import { startDnsServer, type DnsServer } from '../../providers/builtin-dns/dns-server.ts';
import { demoConfig, resolverFor, silentLog, staticSides } from '../dns/helpers.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis-prefix.ts';
import { waitFor } from '../support/wait-for.ts';

const prefix = testPrefix('faults');
let redis: Redis;
let store: FaultStore;
let view: RedisFaultView;
let events: RedisEventStream;
let faults: RedisFaultController;
let dns: DnsServer;
const children: ChildProcess[] = [];

const noProviders = { get: () => undefined, names: () => [] };

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  store = new FaultStore(redis, prefix);
  view = await new RedisFaultView(redis, prefix, { refreshMs: 200 }).start();
  events = new RedisEventStream({ redis, prefix, maxLength: 1000 });
  faults = new RedisFaultController({
    store,
    redis,
    prefix,
    events,
    services: { providers: noProviders, log: silentLog },
    checkContext: () => ({ proxies: ['www-primary'], dnsRecords: ['www.demo.test', 'api.demo.test'] }),
    pollMs: 100,
  });
  dns = await startDnsServer({
    host: '127.0.0.1',
    port: 0,
    zones: demoConfig.zones,
    sides: staticSides(),
    faults: view,
    log: silentLog,
  });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await faults.close();
  await dns.close();
  await view.close();
  await events.close();
  redis.disconnect();
  await deletePrefix(prefix);
});

/** A `sleep` we own, with a unique command line. */
function sleeper(): { pid: number; match: string } {
  const secs = String(3000 + Math.floor(Math.random() * 5000));
  const child = spawn('sleep', [secs], { stdio: 'ignore' });
  children.push(child);
  return { pid: child.pid as number, match: `sleep ${secs}` };
}

const resolves = (expected: string[]) => async () => {
  try {
    return JSON.stringify(await resolverFor(dns.udpPort).resolve4('www.demo.test')) === JSON.stringify(expected);
  } catch {
    return false;
  }
};
const failsWith = (code: string) => async () => {
  try {
    await resolverFor(dns.udpPort).resolve4('www.demo.test');
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === code;
  }
};

describe('dns faults on the built-in DNS server', () => {
  for (const [answer, code] of [
    ['SERVFAIL', 'ESERVFAIL'],
    ['NXDOMAIN', 'ENOTFOUND'],
    ['timeout', 'ETIMEOUT'],
  ] as const) {
    it(`${answer}: answers ${code} while active, normally after revert`, async () => {
      const held = await faults.inject({ type: 'dns', record: 'WWW.demo.test.', answer });
      expect(held.fault.spec).toMatchObject({ record: 'www.demo.test', answer });
      await waitFor(`${code}`, failsWith(code));
      // Another record is untouched.
      expect(await resolverFor(dns.udpPort).resolve4('static.demo.test')).toEqual(['192.0.2.10']);
      await held.revert();
      expect(await held.ended).toBe('reverted');
      await waitFor('the normal answer', resolves(['127.0.0.2']));
    });
  }

  it('an address: answers it (A, TTL 1) while active; AAAA gets no data', async () => {
    const held = await faults.inject({ type: 'dns', record: 'www.demo.test', answer: '10.9.8.7' });
    await waitFor('the fault address', resolves(['10.9.8.7']));
    expect(await resolverFor(dns.udpPort).resolve4('www.demo.test', { ttl: true })).toEqual([
      { address: '10.9.8.7', ttl: 1 },
    ]);
    await expect(resolverFor(dns.udpPort).resolve6('www.demo.test')).rejects.toMatchObject({ code: 'ENODATA' });
    await held.revert();
    await waitFor('the normal answer', resolves(['127.0.0.2']));
  });

  it('ends at lease expiry with no revert (a controller that stopped renewing)', async () => {
    const held = await faults.inject(
      { type: 'dns', record: 'www.demo.test', answer: 'SERVFAIL' },
      { leaseMs: 1500, detach: true },
    );
    await waitFor('SERVFAIL', failsWith('ESERVFAIL'));
    await waitFor('the normal answer after the lease', resolves(['127.0.0.2']));
    await store.remove(held.fault.id); // no reaper runs here: tidy up the expired lease
  });
});

describe('process faults', () => {
  it('SIGSTOP by match; revert sends SIGCONT', async () => {
    const p = sleeper();
    await waitFor('sleep running', () => processState(p.pid) === 'S');
    const held = await faults.inject({ type: 'process', match: p.match });
    expect(held.fault.state).toMatchObject({ pids: String(p.pid), signal: 'SIGSTOP' });
    await waitFor('stopped', () => processState(p.pid) === 'T');
    await held.revert();
    await waitFor('running again', () => processState(p.pid) === 'S');
    expect(await faults.list()).toEqual([]);
  });

  it('refuses ambiguous, empty and incomplete specs, naming the problem', async () => {
    const a = sleeper();
    const b = sleeper();
    const common = `/^sleep (${a.match.split(' ')[1]}|${b.match.split(' ')[1]})$/`;
    await expect(faults.inject({ type: 'process', match: common })).rejects.toThrow(/hits 2 processes: \d+ \(sleep/);
    await expect(faults.inject({ type: 'process', match: 'no-such-process-xyz-123' })).rejects.toThrow(
      /hits no running process/,
    );
    await expect(faults.inject({ type: 'process' })).rejects.toThrow(/pidFile: give exactly one of/);
    await expect(faults.inject({ type: 'process', match: a.match, signal: 'SIGKILL' })).rejects.toThrow(
      /restart: SIGKILL needs `restart`/,
    );
    expect(await faults.list()).toEqual([]);
  });

  it('the reaper reverts an expired lease (SIGCONT) and publishes lease-expired', async () => {
    const p = sleeper();
    const after = await events.lastId();
    const held = await faults.inject({ type: 'process', match: p.match }, { leaseMs: 1000, detach: true });
    await waitFor('stopped', () => processState(p.pid) === 'T');
    const reaper = startFaultReaper({
      store,
      controller: faults,
      claimer: 'test-reaper',
      log: silentLog,
      intervalMs: 200,
    });
    try {
      const ev = await waitFor('FaultReverted', async () =>
        (await events.read({ after, types: ['FaultReverted'] })).find(
          (e) => (e.event as FaultReverted).faultId === held.fault.id,
        ),
      );
      expect(ev.event).toMatchObject({ reason: 'lease-expired', faultType: 'process' });
      expect(processState(p.pid)).toBe('S');
    } finally {
      await reaper.close();
    }
  });
});

describe('command faults', () => {
  it('runs inject, then revert; a failing inject reverts and names stderr', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ck-cmd-'));
    const flag = path.join(dir, 'broken');
    try {
      const held = await faults.inject({ type: 'command', inject: `touch ${flag}`, revert: `rm -f ${flag}` });
      expect(existsSync(flag)).toBe(true);
      await held.revert();
      expect(existsSync(flag)).toBe(false);

      await expect(
        faults.inject({ type: 'command', inject: `touch ${flag}; echo boom >&2; exit 3`, revert: `rm -f ${flag}` }),
      ).rejects.toThrow(/inject failed: inject command .* exited with status 3: boom/);
      expect(existsSync(flag)).toBe(false);
      expect(await faults.list()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bad input', () => {
  it('unknown type, unknown record, missing fields', async () => {
    await expect(faults.inject({ type: 'nope' })).rejects.toThrow(
      /type: unknown fault type "nope"; known types: .*dns/,
    );
    await expect(faults.inject({ type: 'dns', record: 'x.demo.test', answer: 'SERVFAIL' })).rejects.toThrow(
      /record: unknown record "x.demo.test": not served by the built-in DNS server; it serves www.demo.test/,
    );
    await expect(faults.inject({ type: 'dns', record: 'www.demo.test', answer: 'maybe' })).rejects.toThrow(
      /answer: expected SERVFAIL, NXDOMAIN, timeout or an IPv4\/IPv6 address/,
    );
    await expect(faults.inject({ type: 'command', inject: 'true' })).rejects.toThrow(/revert:/);
    expect(await faults.list()).toEqual([]);
  });
});
