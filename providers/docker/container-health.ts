/** A container's health by Docker's own signal: its state and, when the image or run has one, its HEALTHCHECK. */
import type Docker from 'dockerode';

export interface ContainerView {
  name: string;
  id: string;
  /** created, running, paused, restarting, removing, exited, dead. */
  status: string;
  /** starting, healthy, unhealthy; undefined without a HEALTHCHECK. */
  health: string | undefined;
  exitCode: number;
  /** The last health probe's output, trimmed. */
  lastProbe: string | undefined;
}

export function containerView(info: Docker.ContainerInspectInfo): ContainerView {
  const h = info.State.Health;
  const probes = h?.Log ?? [];
  const last = probes[probes.length - 1];
  const health = h?.Status && h.Status !== 'none' ? h.Status : undefined;
  return {
    name: info.Name.replace(/^\//, ''),
    id: info.Id,
    status: info.State.Status,
    health,
    exitCode: info.State.ExitCode,
    lastProbe: last?.Output ? last.Output.replace(/\s+/g, ' ').trim().slice(0, 160) : undefined,
  };
}

export type Verdict = 'healthy' | 'unhealthy' | 'unknown';

/**
 * Healthy: running, and healthy if it has a HEALTHCHECK. Unhealthy: created, exited, dead, paused, being
 * removed, or reported unhealthy (which Docker never acts on by itself, moby#28400). Unknown: in between
 * (restarting, or a HEALTHCHECK still starting).
 */
export function verdict(c: ContainerView): Verdict {
  if (c.status === 'running') {
    if (c.health === undefined || c.health === 'healthy') return 'healthy';
    return c.health === 'starting' ? 'unknown' : 'unhealthy';
  }
  return c.status === 'restarting' ? 'unknown' : 'unhealthy';
}

/** `container web-1 is exited (137)`, `container web-1 is running, health unhealthy: wget: server returned error`. */
export function describe(c: ContainerView): string {
  const state = c.status === 'exited' || c.status === 'dead' ? `${c.status} (${c.exitCode})` : c.status;
  const health = c.health === undefined ? '' : `, health ${c.health}`;
  const probe = c.health === 'unhealthy' && c.lastProbe ? `: ${c.lastProbe}` : '';
  return `container ${c.name} is ${state}${health}${probe}`;
}
