/**
 * The `docker` recovery provider: starts, restarts or recreates a container (by name, or every container with a
 * label) through the Docker Engine API, then waits for Docker's own signal that it is up: running, and healthy
 * when it has a HEALTHCHECK. It acts on `unhealthy` containers too, which Docker never restarts (moby#28400).
 */
import type Docker from 'dockerode';
import { ProviderError } from '../../core/provider.ts';
import type { RecoveryOutcome, RecoveryProvider, RecoveryRequest, TargetHealth } from '../../core/recovery-provider.ts';
import { containerView, describe, verdict, type ContainerView } from './container-health.ts';
import { dockerClient } from './docker-client.ts';
import { dockerError } from './docker-errors.ts';
import { recreateOptions } from './recreate.ts';
import { showDockerTarget, type DockerMode, type DockerTarget } from './docker-target.ts';

export interface DockerRecoveryProviderOptions {
  /** Default: the process's shared client (`dockerClient()`). */
  client?: Docker;
  /** How often the container is inspected while waiting for it to come up (default 200 ms). */
  pollMs?: number;
  now?: () => Date;
}

/** What one container gets: `unpause` stands in for `start` on a paused container. */
type Step = 'start' | 'unpause' | 'restart' | 'recreate' | 'none';

export class DockerRecoveryProvider implements RecoveryProvider<DockerTarget> {
  readonly type = 'docker';
  private readonly client: () => Docker;
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(options: DockerRecoveryProviderOptions = {}) {
    const { client } = options;
    this.client = client ? () => client : dockerClient;
    this.pollMs = options.pollMs ?? 200;
    this.now = options.now ?? (() => new Date());
  }

  label(target: DockerTarget): string {
    return showDockerTarget(target);
  }

  async health(target: DockerTarget, signal?: AbortSignal): Promise<TargetHealth> {
    const views = await this.inspectAll(target, signal);
    return this.healthOf(views);
  }

  async recover(target: DockerTarget, request: RecoveryRequest): Promise<RecoveryOutcome> {
    const before = await this.inspectAll(target, request.signal);
    // With a label, the containers that are not healthy; all of them when every one is (an explicit request).
    const sick = before.filter((c) => verdict(c) !== 'healthy');
    const chosen = sick.length > 0 ? sick : before;
    const plan = chosen.map((c) => ({ c, step: stepFor(target.mode, c) }));
    const shown = plan.map(({ c, step }) => `${verb(step)} container ${c.name} (${c.status})`).join(', ');
    const wait = `wait up to ${target.waitSeconds} s for it to run${before.some((c) => c.health) ? ' and be healthy' : ''}`;
    if (request.dryRun) return { status: 'dry-run', detail: `would ${shown}, then ${wait}` };

    const issuedAt = this.now().toISOString();
    for (const { c, step } of plan) await this.apply(c, step, request.signal);

    const deadline = Date.now() + target.waitSeconds * 1000;
    for (;;) {
      const views = await this.inspectAll(target, request.signal);
      const health = this.healthOf(views);
      if (health.state === 'healthy') {
        const after = seconds(Date.parse(health.at) - Date.parse(issuedAt));
        return { status: 'done', detail: `${cap(shown)}; up ${after} after`, issuedAt, targetUpAt: health.at, health };
      }
      if (Date.now() >= deadline || request.signal?.aborted)
        return {
          status: 'done',
          detail: `${cap(shown)}; not up after ${target.waitSeconds} s: ${health.detail}`,
          issuedAt,
          health,
        };
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, Math.max(0, deadline - Date.now()))));
    }
  }

  private healthOf(views: ContainerView[]): TargetHealth {
    const at = this.now().toISOString();
    const verdicts = views.map(verdict);
    const state = verdicts.includes('unhealthy') ? 'unhealthy' : verdicts.includes('unknown') ? 'unknown' : 'healthy';
    return { state, detail: views.map(describe).join('; '), at };
  }

  /** The target's containers, inspected; none is an error not worth retrying (a name or label that matches nothing). */
  private async inspectAll(target: DockerTarget, signal: AbortSignal | undefined): Promise<ContainerView[]> {
    const docker = this.client();
    const what = `inspecting ${showDockerTarget(target)}`;
    if (target.container !== undefined) {
      const info = await docker
        .getContainer(target.container)
        .inspect(aborts(signal))
        .catch((err: unknown) => {
          throw dockerError(what, err);
        });
      return [containerView(info)];
    }
    const label = target.label ?? '';
    const listed = await docker
      .listContainers({ all: true, filters: { label: [label] }, ...aborts(signal) })
      .catch((err: unknown) => {
        throw dockerError(what, err);
      });
    if (listed.length === 0) throw new ProviderError(`no container is labelled ${label}`, { retryable: false });
    const infos = await Promise.all(
      listed.map((c) =>
        docker
          .getContainer(c.Id)
          .inspect(aborts(signal))
          .catch((err: unknown) => {
            throw dockerError(what, err);
          }),
      ),
    );
    return infos.map(containerView).sort((a, b) => a.name.localeCompare(b.name));
  }

  private async apply(c: ContainerView, step: Step, signal: AbortSignal | undefined): Promise<void> {
    const container = this.client().getContainer(c.id);
    const what = `${GERUND[step]} container ${c.name}`;
    try {
      switch (step) {
        case 'none':
          return;
        case 'start':
          await container.start(aborts(signal));
          return;
        case 'unpause':
          await container.unpause(aborts(signal));
          return;
        case 'restart':
          // A paused container cannot be stopped: unpause it first. The daemon stops it with the container's
          // own stop signal and timeout.
          if (c.status === 'paused') await container.unpause(aborts(signal));
          await container.restart(aborts(signal));
          return;
        case 'recreate': {
          const info = await container.inspect(aborts(signal));
          await container.remove({ force: true, ...aborts(signal) });
          const created = await this.client().createContainer({ ...recreateOptions(info), ...aborts(signal) });
          await created.start(aborts(signal));
          return;
        }
      }
    } catch (err) {
      throw dockerError(what, err);
    }
  }
}

function aborts(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

function stepFor(mode: DockerMode | undefined, c: ContainerView): Step {
  const paused = c.status === 'paused';
  switch (mode) {
    case 'start':
      return paused ? 'unpause' : c.status === 'running' ? 'none' : 'start';
    case 'restart':
      return 'restart';
    case 'recreate':
      return 'recreate';
    case undefined:
      if (paused) return 'unpause';
      return c.status === 'running' || c.status === 'restarting' ? 'restart' : 'start';
  }
}

const GERUND: Record<Step, string> = {
  start: 'starting',
  unpause: 'unpausing',
  restart: 'restarting',
  recreate: 'recreating',
  none: 'leaving',
};

function verb(step: Step): string {
  return step === 'none' ? 'leave (already running)' : step;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}
