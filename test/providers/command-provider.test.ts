import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/provider.ts';
import { CommandRecoveryProvider } from '../../providers/command/command-provider.ts';
import { commandTargetSchema, type CommandTargetInput } from '../../providers/command/command-target.ts';
import { command } from '../../providers/command/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { describeRecoveryProviderContract } from './recovery-provider.contract.ts';

const node = process.execPath;
const cause = { alarm: 'web-down', transitionId: 't-9', reason: 'Threshold Crossed', action: 'web-recover' };
const target = (t: CommandTargetInput) => commandTargetSchema.parse(t);

/** A tiny HTTP service that writes its pid once it listens, as a supervised process would. */
const SERVICE = `import http from 'node:http';
import { writeFileSync } from 'node:fs';
const [port, pidFile] = process.argv.slice(2);
http.createServer((_req, res) => res.end('ok')).listen(Number(port), '127.0.0.1', () => writeFileSync(pidFile, String(process.pid)));
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number | undefined> {
  const n = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A real service recovered by starting it again: `recover` starts it in the background, `check` fetches it. */
async function serviceFixture() {
  const dir = await mkdtemp(path.join(tmpdir(), 'ck-command-'));
  const port = await freePort();
  const pidFile = path.join(dir, 'web.pid');
  const script = path.join(dir, 'web.mjs');
  await writeFile(script, SERVICE);
  const url = `http://127.0.0.1:${port}/`;
  const isUp = () =>
    fetch(url).then(
      (r) => r.ok,
      () => false,
    );
  spawn(node, [script, String(port), pidFile], { detached: true, stdio: 'ignore' }).unref();
  await waitFor('the service to listen', isUp);
  return {
    provider: new CommandRecoveryProvider(),
    target: target({
      // A second start while it runs fails to listen and exits, leaving the running one alone.
      recover: `"${node}" "${script}" ${port} "${pidFile}" >/dev/null 2>&1 &`,
      check: [
        node,
        '-e',
        `fetch(${JSON.stringify(url)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      timeout: 10,
      upWithin: 30,
    }),
    failing: target({ recover: 'echo "no such service" >&2; exit 3' }),
    isUp,
    async breakTarget() {
      const pid = await readPid(pidFile);
      if (pid) process.kill(pid, 'SIGKILL');
    },
    async teardown() {
      const pid = await readPid(pidFile);
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describeRecoveryProviderContract('command (a real service, started by a shell command)', serviceFixture);

describe('command recovery provider', () => {
  const provider = new CommandRecoveryProvider();
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ck-command-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is registered with a target schema that applies defaults and refuses nonsense', () => {
    expect(command.type).toBe('command');
    expect(command.targetSchema).toBe(commandTargetSchema);
    expect(target({ recover: 'pm2 restart web' })).toEqual({
      recover: 'pm2 restart web',
      timeout: 30,
      upWithin: 60,
      env: {},
    });
    for (const bad of [
      {},
      { recover: '' },
      { recover: [] },
      { recover: [''] },
      { recover: 'x', extra: 1 },
      { recover: 'x', timeout: 0 },
    ])
      expect(commandTargetSchema.safeParse(bad).success).toBe(false);
    expect(commandTargetSchema.safeParse({ recover: 'x', env: { 'NOT A NAME': 'v' } }).success).toBe(false);
  });

  it('a dry run says what would run, and for how long it would wait', async () => {
    expect(
      await provider.recover(target({ recover: 'systemctl restart web', check: ['curl', '-f', 'http://x/'] }), {
        dryRun: true,
      }),
    ).toEqual({
      status: 'dry-run',
      detail: 'would run `systemctl restart web` (timeout 30 s), then wait up to 60 s for `curl -f http://x/` to pass',
    });
  });

  it('without a check command, health is unknown and so is whether the recovery worked', async () => {
    const t = target({ recover: 'true' });
    expect(await provider.health(t)).toMatchObject({ state: 'unknown', detail: 'no check command' });
    const out = await provider.recover(t, { dryRun: false });
    expect(out).toMatchObject({ status: 'done', issuedAt: expect.any(String) });
    expect(out.detail).toMatch(/^ran `true` \(exit 0 in \d+\.\d s\); no check command, so health is unknown$/);
    expect(out.targetUpAt).toBeUndefined();
  });

  it('reports a check that fails, with its output, and one that hangs, as unhealthy', async () => {
    expect(
      await provider.health(target({ recover: 'true', check: 'echo "connection refused"; exit 7' })),
    ).toMatchObject({
      state: 'unhealthy',
      detail: 'check exited 7: connection refused',
    });
    expect(await provider.health(target({ recover: 'true', check: 'sleep 30', timeout: 0.3 }))).toMatchObject({
      state: 'unhealthy',
      detail: 'check timed out after 0.3 s',
    });
  });

  it('reports a recovery after which the check keeps failing, without targetUpAt', async () => {
    const out = await provider.recover(target({ recover: 'true', check: 'exit 1', upWithin: 0.3 }), { dryRun: false });
    expect(out.status).toBe('done');
    expect(out.targetUpAt).toBeUndefined();
    expect(out.health?.state).toBe('unhealthy');
    expect(out.detail).toMatch(/; still unhealthy after 0\.3 s: check exited 1$/);
  });

  it('gives the commands the cause, their env and their cwd', async () => {
    const t = target({
      recover: `printf '%s|%s|%s|%s|%s' "$CANARY_ALARM" "$CANARY_TRANSITION_ID" "$CANARY_ACTION" "$EXTRA" "$(pwd)" > out.txt`,
      env: { EXTRA: 'x y' },
      cwd: dir,
    });
    await provider.recover(t, { dryRun: false, cause });
    expect(await readFile(path.join(dir, 'out.txt'), 'utf8')).toBe(`web-down|t-9|web-recover|x y|${dir}`);
  });

  it('a failing command is retryable and its message carries the output', async () => {
    const err = await provider
      .recover(target({ recover: 'echo "no such service" >&2; exit 3' }), { dryRun: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      retryable: true,
      message: '`echo "no such service" >&2; exit 3` exited 3: no such service',
    });
  });

  it('a command that is not there is not worth retrying, with a shell or without', async () => {
    await expect(
      provider.recover(target({ recover: 'surely-not-a-command-ck' }), { dryRun: false }),
    ).rejects.toMatchObject({ name: 'ProviderError', retryable: false, message: expect.stringMatching(/exited 127/) });
    await expect(
      provider.recover(target({ recover: [path.join(dir, 'missing')] }), { dryRun: false }),
    ).rejects.toMatchObject({
      name: 'ProviderError',
      retryable: false,
      message: expect.stringMatching(/could not start: ENOENT$/),
    });
  });

  it('on timeout kills the whole process group, and says it is worth retrying', async () => {
    const pidFile = path.join(dir, 'sleep.pid');
    const err = await provider
      .recover(target({ recover: `sleep 60 & echo $! > "${pidFile}"; wait`, timeout: 0.5 }), { dryRun: false })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ProviderError',
      retryable: true,
      message: expect.stringMatching(/timed out after 0\.5 s; its process group was killed$/),
    });
    const pid = await waitFor('the pid file', () => readPid(pidFile));
    await waitFor('the background sleep to end', () => !alive(pid));
  });

  it('stops when aborted', async () => {
    await expect(
      provider.recover(target({ recover: 'sleep 60' }), { dryRun: false, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'ProviderError', retryable: true, message: '`sleep 60` was aborted' });
  });

  it('does not wait for a background process that keeps its output pipe open', async () => {
    const pidFile = path.join(dir, 'daemon.pid');
    // No redirection: the daemon inherits the command's stdout; the provider must not wait for it to close.
    const out = await provider.recover(target({ recover: `sleep 300 & echo $! > "${pidFile}"`, timeout: 20 }), {
      dryRun: false,
    });
    const pid = await readPid(pidFile);
    try {
      expect(out.status).toBe('done');
      expect(pid !== undefined && alive(pid)).toBe(true);
    } finally {
      if (pid) process.kill(pid, 'SIGKILL');
    }
  });
});
