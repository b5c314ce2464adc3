/**
 * The process's Docker Engine API client, shared by the `docker` recovery provider and the `container` fault
 * (stopping a container is the inverse of starting it). The daemon is found as the docker CLI finds it:
 * `DOCKER_HOST` (unix://, tcp://, with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), else /var/run/docker.sock.
 */
import Docker from 'dockerode';

/** Longest one Engine API request may take (a restart waits for the container's stop timeout). */
const REQUEST_TIMEOUT_MS = 120_000;

let shared: { host: string | undefined; client: Docker } | undefined;

/** The shared client; made again only when DOCKER_HOST changed (tests point it elsewhere). */
export function dockerClient(): Docker {
  const host = process.env.DOCKER_HOST;
  if (!shared || shared.host !== host) shared = { host, client: new Docker({ timeout: REQUEST_TIMEOUT_MS }) };
  return shared.client;
}

/** Where the client connects, for messages: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2375`. */
export function dockerEndpoint(): string {
  return process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}
