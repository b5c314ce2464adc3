/**
 * A real BIND 9 for tests: writes a named.conf, a TSIG key and one zone into a temp dir and runs
 * `named -g -c <conf> -p <port>` on 127.0.0.1 (no recursion, updates allowed to the key only). Ended by its PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './wait-for.ts';

const NAMED = ['/usr/sbin/named', '/usr/bin/named'].find((p) => existsSync(p));

/** Why BIND cannot run here, or undefined when it can (the setup installs `bind9`). */
export const bindUnavailable = (): string | undefined =>
  NAMED ? undefined : 'named (BIND 9) is not installed: run scripts/setup.sh (apt-get install bind9)';

export interface Bind9 {
  port: number;
  zone: string;
  keyName: string;
  /** base64, as in BIND's key clause. */
  secret: string;
  pid: number;
  /** What `dig @127.0.0.1 -p PORT name type +short` answers, sorted. */
  dig(name: string, type?: 'A' | 'AAAA'): string[];
  /** Runs an nsupdate script (server and key given) as a person would; throws with its stderr on failure. */
  nsupdate(lines: string[]): void;
  stop(): Promise<void>;
}

export interface Bind9Options {
  zone: string;
  /** Zone-file lines after the SOA and NS, e.g. `www 30 IN A 127.0.0.2`. */
  records: string[];
  keyName?: string;
}

/** A loopback port free for both UDP and TCP at the time of asking. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

export async function startBind9(opts: Bind9Options): Promise<Bind9> {
  if (!NAMED) throw new Error(bindUnavailable());
  const dir = await mkdtemp(path.join(tmpdir(), 'canarykit-bind-'));
  const keyName = opts.keyName ?? 'canary';
  const secret = randomBytes(32).toString('base64');
  const port = await freePort();
  const zone = opts.zone;
  await writeFile(
    path.join(dir, 'named.conf'),
    `key "${keyName}" { algorithm hmac-sha256; secret "${secret}"; };
options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-query { any; };
  dnssec-validation no;
};
controls { };
zone "${zone}" { type primary; file "${dir}/zone.db"; allow-update { key ${keyName}; }; };
`,
  );
  await writeFile(
    path.join(dir, 'zone.db'),
    [
      '$TTL 30',
      `@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 600 86400 5`,
      `@ IN NS ns.${zone}.`,
      'ns IN A 127.0.0.1',
      ...opts.records,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(NAMED, ['-g', '-c', path.join(dir, 'named.conf'), '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  let exited = false;
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const ended = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`named did not start: ${log}`);
  try {
    await waitFor(
      'named to load the zone and run',
      () => {
        if (exited) throw new Error(`named exited: ${log.slice(-2000)}`);
        return /\brunning\b/.test(log) && /all zones loaded/.test(log);
      },
      15_000,
      25,
    );
  } catch (err) {
    if (!exited) process.kill(pid, 'SIGTERM');
    await ended;
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    zone,
    keyName,
    secret,
    pid,
    dig(name, type = 'A') {
      const r = spawnSync(
        'dig',
        [`@127.0.0.1`, '-p', String(port), name, type, '+short', '+norec', '+time=2', '+tries=1'],
        {
          encoding: 'utf8',
        },
      );
      if (r.status !== 0) throw new Error(`dig failed: ${r.stderr || r.stdout}`);
      return r.stdout.split('\n').filter(Boolean).sort();
    },
    nsupdate(lines) {
      const script = [`server 127.0.0.1 ${port}`, `zone ${zone}`, ...lines, 'send', ''].join('\n');
      const r = spawnSync('nsupdate', ['-y', `hmac-sha256:${keyName}:${secret}`], { input: script, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`nsupdate failed: ${r.stderr || r.stdout}`);
    },
    async stop() {
      if (!exited) process.kill(pid, 'SIGTERM');
      await ended;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
