/** What the `docker` recovery provider acts on: one container by name (or id), or the containers with a label. */
import { z } from 'zod';

/** Docker's own rule for container names (an id, full or short, also matches). */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const dockerModes = ['start', 'restart', 'recreate'] as const;
export type DockerMode = (typeof dockerModes)[number];

export const dockerTargetSchema = z
  .strictObject({
    /** The container's name or id. */
    container: z
      .string()
      .regex(CONTAINER_NAME, { error: 'expected a container name or id such as web-1' })
      .transform((s) => s.replace(/^\//, ''))
      .optional(),
    /** `key=value`: every container carrying that label (a compose service: `com.docker.compose.service=web`). */
    label: z
      .string()
      .regex(/^[^=\s]+=\S*$/, { error: 'expected a label as key=value, such as com.docker.compose.service=web' })
      .optional(),
    /**
     * `start` (a stopped container is started, a paused one unpaused), `restart`, or `recreate` (removed and
     * created again with the same configuration and name, from the image its config names). Unset: start a
     * container that is stopped or paused, restart one that runs (say, reported `unhealthy`).
     */
    mode: z.enum(dockerModes).optional(),
    /** Seconds to wait after the recovery for the container to run and, if it has a HEALTHCHECK, be healthy. */
    waitSeconds: z.number().positive().max(3600).default(60),
  })
  .superRefine((t, ctx) => {
    if ((t.container === undefined) === (t.label === undefined))
      ctx.addIssue({
        code: 'custom',
        path: t.container === undefined ? ['container'] : ['label'],
        message:
          t.container === undefined
            ? 'expected exactly one of container (a name) or label (key=value)'
            : 'expected exactly one of container or label, not both',
      });
  });

export type DockerTarget = z.output<typeof dockerTargetSchema>;
export type DockerTargetInput = z.input<typeof dockerTargetSchema>;

/** `container web-1`, `containers labelled app=web`. */
export function showDockerTarget(t: Pick<DockerTarget, 'container' | 'label'>): string {
  return t.container !== undefined ? `container ${t.container}` : `containers labelled ${t.label ?? '?'}`;
}
