import { afterEach, describe, expect, it } from 'vitest';
import { containerFault } from '../../chaos/faults/container/index.ts';
import { createLogger } from '../../core/logger.ts';
import { providerTable } from '../../providers/provider-table.ts';
import { dockerEnv, dockerState, startWebContainer, type WebContainer } from '../support/docker-env.ts';
import { waitFor } from '../support/wait-for.ts';

const env = await dockerEnv();
const services = { providers: providerTable({}), log: createLogger('test') };

describe('container fault spec', () => {
  it('names bad settings', () => {
    expect(containerFault.kind).toBe('effect');
    const bad = containerFault.schema.safeParse({ type: 'container', name: 'bad name', action: 'explode' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['name', 'action']);
  });
});

describe.skipIf(!env)('container fault (a real dockerd)', () => {
  if (!env) return;
  let web: WebContainer | undefined;
  afterEach(async () => web?.remove());

  for (const action of ['stop', 'kill', 'pause'] as const)
    it(`${action}: inject breaks the container, revert brings it back, both safe twice`, async () => {
      web = await startWebContainer(env, { host: '127.0.0.7', healthcheck: false });
      const spec = containerFault.schema.parse({ type: 'container', name: web.name, action });
      expect(containerFault.target(spec)).toBe(`container ${web.name}`);
      if (containerFault.kind !== 'effect') throw new Error('expected an effect fault');
      const state = await containerFault.inject(spec, services);
      expect(state).toMatchObject({ action, id: expect.any(String) });
      const w = web;
      await waitFor('the page to be down', async () => !(await w.isUp()));
      expect((await dockerState(env.docker, web.name)).status).toBe(action === 'pause' ? 'paused' : 'exited');
      await containerFault.revert(spec, state, services);
      await containerFault.revert(spec, state, services);
      await waitFor('the page to be up', () => w.isUp());
      expect((await dockerState(env.docker, web.name)).status).toBe('running');
    });

  it('refuses a container that does not exist, not worth retrying', async () => {
    if (containerFault.kind !== 'effect') throw new Error('expected an effect fault');
    await expect(
      containerFault.inject({ type: 'container', name: 'ck-test-no-such', action: 'kill' }, services),
    ).rejects.toMatchObject({ name: 'ProviderError', retryable: false });
  });
});
