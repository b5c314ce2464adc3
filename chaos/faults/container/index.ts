/**
 * The `container` fault: stop, kill or pause a container for a while, through the Docker client the `docker`
 * recovery provider uses. `inject` returns the container's id and what was done; `revert` starts it again (or
 * unpauses it). Both are safe to call twice: a container already in the wanted state is left alone.
 */
import { z } from 'zod';
import { defineFault, type EffectFaultPlugin, type FaultSpec } from '../../../core/fault.ts';
import { ProviderError } from '../../../core/provider.ts';
import { dockerClient } from '../../../providers/docker/docker-client.ts';
import { dockerError } from '../../../providers/docker/docker-errors.ts';

export interface ContainerFaultSpec extends FaultSpec {
  type: 'container';
  name: string;
  action: 'stop' | 'kill' | 'pause';
}

const schema = z.strictObject({
  type: z.literal('container'),
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { error: 'expected a container name or id such as web-1' }),
  action: z.enum(['stop', 'kill', 'pause']),
});

const statusOf = async (name: string): Promise<{ id: string; status: string }> => {
  const info = await dockerClient()
    .getContainer(name)
    .inspect()
    .catch((err: unknown) => {
      throw dockerError(`inspecting container ${name}`, err);
    });
  return { id: info.Id, status: info.State.Status };
};

export const containerFault = defineFault<ContainerFaultSpec>({
  type: 'container',
  kind: 'effect',
  schema: schema as z.ZodType<ContainerFaultSpec>,
  target: (spec) => `container ${spec.name}`,
  // Two faults on one container never overlap.
  targets: (spec) => [`container:${spec.name}`],
  async inject(spec) {
    const { id, status } = await statusOf(spec.name);
    if (status !== 'running' && status !== 'paused')
      throw new ProviderError(`container ${spec.name} is ${status}, not running: nothing to break`, {
        retryable: false,
      });
    const c = dockerClient().getContainer(id);
    try {
      if (spec.action === 'pause') {
        if (status !== 'paused') await c.pause();
      } else if (spec.action === 'kill') await c.kill();
      else await c.stop();
    } catch (err) {
      throw dockerError(`${spec.action === 'stop' ? 'stopping' : `${spec.action}ing`} container ${spec.name}`, err);
    }
    return { id, action: spec.action };
  },
  async revert(spec, state) {
    const id = typeof state.id === 'string' ? state.id : spec.name;
    const { status } = await statusOf(id);
    const c = dockerClient().getContainer(id);
    try {
      if (status === 'paused') await c.unpause();
      else if (status !== 'running' && status !== 'restarting') await c.start();
    } catch (err) {
      throw dockerError(`bringing container ${spec.name} back`, err);
    }
  },
}) as EffectFaultPlugin<ContainerFaultSpec>;
