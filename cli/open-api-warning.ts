import { isIP } from 'node:net';

/** True for a host that only this machine reaches: `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** The loud warning `canary up` prints when the API has no token and listens beyond loopback; undefined otherwise. */
export function openApiWarning(api: { host: string; port: number; token?: string | undefined }): string | undefined {
  if (api.token || isLoopbackHost(api.host)) return undefined;
  const line = '!'.repeat(78);
  return (
    `${line}\n` +
    `WARNING: the HTTP API listens on ${api.host}:${api.port} with no api.token set.\n` +
    `Anyone who reaches it can run, pause and resume canaries, set alarm states and revert faults.\n` +
    `Set api.token in canary.config.ts (at least 16 characters), or listen on 127.0.0.1.\n` +
    `${line}\n`
  );
}
