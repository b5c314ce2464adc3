/**
 * Docker for tests: a real daemon (started by scripts/setup.sh where it can run) and a test image built here
 * `FROM scratch` with Debian's busybox-static, since no registry is reachable. Containers always run with
 * `--network host` on loopback addresses (127.0.0.x); Docker's default bridge is never used.
 *
 * `dockerEnv()` is undefined where Docker cannot run, and the reason is printed once, so test files can
 * `describe.skipIf(!env)` and the rest of the suite runs.
 */
import { execFile } from 'node:child_process';
import { access, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { waitFor } from './wait-for.ts';

const run = promisify(execFile);

export const TEST_IMAGE = 'canarykit-test-busybox:1';
/** Every container the tests make carries it, so a crashed run's leftovers can be found. */
export const TEST_LABEL = 'canarykit.test';
const BUSYBOX = '/bin/busybox';

/**
 * The image: busybox, and a HEALTHCHECK that fetches the page the container serves at `$CK_ADDR` (set per
 * container). Probes run every half second, so tests see health change quickly.
 */
const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
ENV CK_ADDR=127.0.0.1:8080
HEALTHCHECK --interval=500ms --timeout=2s --retries=1 CMD ["/bin/busybox", "sh", "-c", "/bin/busybox wget -q -O /dev/null http://$CK_ADDR/ || exit 1"]
CMD ["/bin/busybox", "sh"]
`;

export interface DockerEnv {
  docker: Docker;
  image: string;
}

let probed: Promise<DockerEnv | { unavailable: string }> | undefined;

export async function dockerEnv(): Promise<DockerEnv | undefined> {
  probed ??= probe();
  const env = await probed;
  if ('unavailable' in env) {
    console.warn(`[docker tests skipped] ${env.unavailable}`);
    return undefined;
  }
  return env;
}

async function probe(): Promise<DockerEnv | { unavailable: string }> {
  const docker = new Docker({ timeout: 30_000 });
  try {
    await docker.ping();
  } catch (err) {
    return {
      unavailable: `no Docker daemon answers at ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'} (${(err as Error).message}); scripts/setup.sh starts one where it can`,
    };
  }
  try {
    await docker.getImage(TEST_IMAGE).inspect();
    return { docker, image: TEST_IMAGE };
  } catch {
    // not built yet
  }
  try {
    await access(BUSYBOX);
    await run('dpkg', ['-s', 'busybox-static']);
  } catch {
    return { unavailable: 'busybox-static is not installed (apt-get install busybox-static), so no test image' };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'ck-image-'));
  try {
    await copyFile(BUSYBOX, path.join(dir, 'busybox'));
    await writeFile(path.join(dir, 'Dockerfile'), DOCKERFILE);
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', 'busybox'] }, { t: TEST_IMAGE });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
        const failed = err?.message ?? out.find((o) => o.error)?.error;
        if (failed) reject(new Error(failed));
        else resolve();
      }),
    );
    return { docker, image: TEST_IMAGE };
  } catch (err) {
    return { unavailable: `building the test image failed: ${(err as Error).message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface WebContainerOptions {
  /** Loopback address the page is served on (default 127.0.0.1). */
  host?: string;
  name?: string;
  labels?: Record<string, string>;
  /** Keep the image's HEALTHCHECK (default true); false runs without one. */
  healthcheck?: boolean;
}

export interface WebContainer {
  name: string;
  url: string;
  container: Docker.Container;
  /** Ground truth, not Docker's view: does the page say Welcome? */
  isUp(): Promise<boolean>;
  /** Makes the page (and so the HEALTHCHECK) fail while the container keeps running; a restart heals it. */
  sicken(): Promise<void>;
  remove(): Promise<void>;
}

let seq = 0;

/**
 * A container serving `<h1>Welcome</h1>` with busybox httpd on `host:port` (host network). The page lives in a
 * tmpfs written at start, so a restart (or a start after a kill) serves it again. It stops at once on SIGKILL,
 * as busybox httpd as PID 1 would ignore SIGTERM.
 */
export async function startWebContainer(env: DockerEnv, opts: WebContainerOptions = {}): Promise<WebContainer> {
  const host = opts.host ?? '127.0.0.1';
  const port = await freePort(host);
  const name = opts.name ?? `ck-test-${process.pid}-${Date.now().toString(36)}-${seq++}`;
  const addr = `${host}:${port}`;
  const container = await env.docker.createContainer({
    name,
    Image: env.image,
    Env: [`CK_ADDR=${addr}`],
    Cmd: [
      '/bin/busybox',
      'sh',
      '-c',
      'mkdir -p /run/www && echo "<!doctype html><title>web</title><h1>Welcome</h1>" > /run/www/index.html && exec /bin/busybox httpd -f -p "$CK_ADDR" -h /run/www',
    ],
    Labels: { [TEST_LABEL]: '1', ...opts.labels },
    StopSignal: 'SIGKILL',
    ...(opts.healthcheck === false ? { Healthcheck: { Test: ['NONE'] } } : {}),
    HostConfig: { NetworkMode: 'host', Tmpfs: { '/run': 'rw' }, RestartPolicy: { Name: 'no' } },
  });
  await container.start();
  const url = `http://${addr}/`;
  const isUp = async () => {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return res.ok && (await res.text()).includes('Welcome');
    } catch {
      return false;
    }
  };
  await waitFor(`container ${name} to serve ${url}`, isUp);
  if (opts.healthcheck !== false)
    await waitFor(
      `container ${name} to be healthy`,
      async () => (await container.inspect()).State.Health?.Status === 'healthy',
    );
  return {
    name,
    url,
    container,
    isUp,
    async sicken() {
      await dockerExec(env.docker.getContainer(name), ['/bin/busybox', 'rm', '-f', '/run/www/index.html']);
    },
    async remove() {
      await env.docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
    },
  };
}

/** Runs a command in a running container and waits for it to end; rejects unless it exits 0. */
export async function dockerExec(container: Docker.Container, cmd: string[]): Promise<void> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
  await exec.start({ Detach: true });
  const code = await waitFor(`${cmd.join(' ')} to end`, async () => {
    const info = await exec.inspect();
    return info.Running ? undefined : (info.ExitCode ?? -1);
  });
  if (code !== 0) throw new Error(`${cmd.join(' ')} exited ${code}`);
}

/** Docker's view of a container: its state and health. */
export async function dockerState(
  docker: Docker,
  name: string,
): Promise<{ status: string; health: string | undefined; id: string }> {
  const info = await docker.getContainer(name).inspect();
  return { status: info.State.Status, health: info.State.Health?.Status, id: info.Id };
}
