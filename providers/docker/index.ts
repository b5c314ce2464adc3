/** The `docker` recovery provider: a container by name or label, through the Docker Engine API. No configuration of its own. */
import type { RecoveryProviderPlugin } from '../../core/provider.ts';
import { DockerRecoveryProvider } from './docker-provider.ts';
import { dockerTargetSchema, type DockerTarget } from './docker-target.ts';

export const docker: RecoveryProviderPlugin<DockerTarget, unknown> = {
  type: 'docker',
  port: 'recovery',
  targetSchema: dockerTargetSchema,
  // The schema says all that can be known without asking the daemon.
  checkTarget: () => [],
  // Connects lazily, per request: a host without Docker builds it fine and fails only when it is used.
  create: () => new DockerRecoveryProvider(),
};
