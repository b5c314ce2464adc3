import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../core/provider.ts';
import { DockerRecoveryProvider } from '../../providers/docker/docker-provider.ts';
import { dockerTargetSchema, type DockerTargetInput } from '../../providers/docker/docker-target.ts';
import { docker as dockerPlugin } from '../../providers/docker/index.ts';
import { dockerEnv, dockerState, startWebContainer, type WebContainer } from '../support/docker-env.ts';
import { waitFor } from '../support/wait-for.ts';
import { describeRecoveryProviderContract } from './recovery-provider.contract.ts';

const env = await dockerEnv();
const target = (t: DockerTargetInput) => dockerTargetSchema.parse(t);
const cause = { alarm: 'web-down', transitionId: 't-1', reason: 'Threshold Crossed', action: 'web-recover' };

describe('docker target schema', () => {
  it('is registered, applies defaults and names each problem', () => {
    expect(dockerPlugin.type).toBe('docker');
    expect(dockerPlugin.targetSchema).toBe(dockerTargetSchema);
    expect(target({ container: 'web-1' })).toEqual({ container: 'web-1', waitSeconds: 60 });
    expect(target({ label: 'app=web', mode: 'recreate', waitSeconds: 5 })).toEqual({
      label: 'app=web',
      mode: 'recreate',
      waitSeconds: 5,
    });
    const problems = (input: unknown) =>
      dockerTargetSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({})).toEqual(['container: expected exactly one of container (a name) or label (key=value)']);
    expect(problems({ container: 'a', label: 'k=v' })).toEqual([
      'label: expected exactly one of container or label, not both',
    ]);
    expect(problems({ container: 'bad name!' })).toEqual(['container: expected a container name or id such as web-1']);
    expect(problems({ label: 'novalue' })).toEqual([
      'label: expected a label as key=value, such as com.docker.compose.service=web',
    ]);
    expect(problems({ container: 'a', mode: 'reboot' })?.[0]).toMatch(/^mode: /);
    expect(problems({ container: 'a', waitSeconds: 0 })?.[0]).toMatch(/^waitSeconds: /);
    expect(problems({ container: 'a', extra: 1 })?.[0]).toMatch(/extra/);
  });

  it('a daemon that does not answer is worth retrying', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/canarykit-no-docker-here.sock';
    try {
      const err = await new DockerRecoveryProvider().health(target({ container: 'web-1' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({
        retryable: true,
        message: expect.stringMatching(
          /^inspecting container web-1: the Docker daemon at unix:\/\/\/tmp\/canarykit-no-docker-here\.sock did not answer: ENOENT/,
        ),
      });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe.skipIf(!env)('docker recovery provider (a real dockerd)', () => {
  if (!env) return;
  const provider = new DockerRecoveryProvider({ client: env.docker });
  const started: WebContainer[] = [];
  const web = async (opts: Parameters<typeof startWebContainer>[1] = {}) => {
    const c = await startWebContainer(env, { host: '127.0.0.4', ...opts });
    started.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of started.splice(0)) await c.remove();
  });

  describeRecoveryProviderContract('docker (a killed container, started again)', async () => {
    const c = await startWebContainer(env, { host: '127.0.0.4' });
    return {
      provider,
      target: target({ container: c.name, waitSeconds: 30 }),
      failing: target({ container: 'ck-test-no-such-container' }),
      isUp: c.isUp,
      breakTarget: async () => {
        await c.container.kill();
      },
      teardown: c.remove,
    };
  });

  it('a container that does not exist is not worth retrying', async () => {
    await expect(
      provider.recover(target({ container: 'ck-test-no-such-container' }), { dryRun: false }),
    ).rejects.toMatchObject({
      name: 'ProviderError',
      retryable: false,
      message: expect.stringMatching(/^inspecting container ck-test-no-such-container: no such container/),
    });
  });

  it('acts on an unhealthy container, which Docker itself leaves alone: restarts it', async () => {
    const c = await web();
    const before = await dockerState(env.docker, c.name);
    await c.sicken();
    await waitFor(
      'Docker to call it unhealthy',
      async () => (await dockerState(env.docker, c.name)).health === 'unhealthy',
    );
    const health = await provider.health(target({ container: c.name }));
    expect(health.state).toBe('unhealthy');
    expect(health.detail).toMatch(new RegExp(`^container ${c.name} is running, health unhealthy`));
    expect(await provider.recover(target({ container: c.name }), { dryRun: true })).toEqual({
      status: 'dry-run',
      detail: `would restart container ${c.name} (running), then wait up to 60 s for it to run and be healthy`,
    });
    const out = await provider.recover(target({ container: c.name }), { dryRun: false, cause });
    expect(out).toMatchObject({ status: 'done', health: { state: 'healthy' } });
    expect(out.detail).toMatch(new RegExp(`^Restart container ${c.name} \\(running\\); up \\d+\\.\\d s after$`));
    expect(Date.parse(out.targetUpAt ?? '')).toBeGreaterThanOrEqual(Date.parse(out.issuedAt ?? ''));
    expect(await c.isUp()).toBe(true);
    const after = await dockerState(env.docker, c.name);
    expect(after).toMatchObject({ status: 'running', health: 'healthy', id: before.id });
  });

  it('unpauses a paused container, and without a HEALTHCHECK running is healthy', async () => {
    const c = await web({ healthcheck: false });
    expect(await provider.health(target({ container: c.name }))).toMatchObject({
      state: 'healthy',
      detail: `container ${c.name} is running`,
    });
    await c.container.pause();
    expect(await provider.health(target({ container: c.name }))).toMatchObject({
      state: 'unhealthy',
      detail: `container ${c.name} is paused`,
    });
    const out = await provider.recover(target({ container: c.name, mode: 'start' }), { dryRun: false });
    expect(out.detail).toMatch(new RegExp(`^Unpause container ${c.name} \\(paused\\); up`));
    expect(await c.isUp()).toBe(true);
  });

  it('recreate removes the container and creates it again with the same name and config', async () => {
    const c = await web();
    const before = await dockerState(env.docker, c.name);
    await c.container.kill();
    const out = await provider.recover(target({ container: c.name, mode: 'recreate' }), { dryRun: false });
    expect(out).toMatchObject({ status: 'done', health: { state: 'healthy' } });
    const after = await dockerState(env.docker, c.name);
    expect(after.id).not.toBe(before.id);
    expect(after).toMatchObject({ status: 'running', health: 'healthy' });
    const info = await env.docker.getContainer(c.name).inspect();
    expect(info.HostConfig.NetworkMode).toBe('host');
    expect(info.Config.Labels).toMatchObject({ 'canarykit.test': '1' });
    expect(await c.isUp()).toBe(true);
  });

  it('by label: health covers every container, and recovery acts on the broken ones only', async () => {
    const label = `ck-test-app=${process.pid}-${Date.now()}`;
    const [k, v] = label.split('=') as [string, string];
    const a = await web({ labels: { [k]: v } });
    const b = await web({ labels: { [k]: v }, host: '127.0.0.5' });
    const t = target({ label });
    expect((await provider.health(t)).state).toBe('healthy');
    const bStarted = (await env.docker.getContainer(b.name).inspect()).State.StartedAt;
    await a.container.kill();
    expect((await provider.health(t)).detail).toContain(`container ${a.name} is exited (137)`);
    const out = await provider.recover(t, { dryRun: false });
    expect(out.detail).toMatch(new RegExp(`^Start container ${a.name} \\(exited\\); up`));
    expect(await a.isUp()).toBe(true);
    expect((await env.docker.getContainer(b.name).inspect()).State.StartedAt).toBe(bStarted);
    await expect(provider.health(target({ label: 'ck-test-nothing=here' }))).rejects.toMatchObject({
      name: 'ProviderError',
      retryable: false,
      message: 'no container is labelled ck-test-nothing=here',
    });
  });
});
