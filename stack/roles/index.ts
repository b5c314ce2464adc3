import { actionsRole } from './actions.ts';
import { alarmsRole } from './alarms.ts';
import { apiRole } from './api.ts';
import { dnsRole } from './dns.ts';
import { logsRole } from './logs.ts';
import { proxyRole } from './proxy.ts';
import { faultsRole } from './faults.ts';
import type { Role, RoleModule } from './role.ts';
import { schedulerRole } from './scheduler.ts';
import { streamsRole } from './streams.ts';
import { workerRole } from './worker.ts';

export type { Role, RoleContext, RoleHandle, RoleModule, RoleOutputs } from './role.ts';

/**
 * Every role, in start order (they stop in reverse): the DNS server and the action workers first, so what the
 * engine triggers can run; the API last, so it answers only once everything behind it is up.
 */
export const roleModules = {
  dns: dnsRole,
  proxy: proxyRole,
  actions: actionsRole,
  scheduler: schedulerRole,
  worker: workerRole,
  alarms: alarmsRole,
  logs: logsRole,
  faults: faultsRole,
  streams: streamsRole,
  api: apiRole,
} satisfies Record<Role, RoleModule>;

export const ALL_ROLES: readonly Role[] = [
  'scheduler',
  'worker',
  'alarms',
  'actions',
  'api',
  'dns',
  'logs',
  'proxy',
  'faults',
  'streams',
];

/** Roles another role brings along: a worker process also executes alarm actions. */
const IMPLIED: Partial<Record<Role, readonly Role[]>> = { worker: ['actions'] };

/** The roles to start for a request, with the implied ones, in start order. */
export function rolesToStart(requested: readonly Role[]): Role[] {
  const wanted = new Set(requested.flatMap((r) => [r, ...(IMPLIED[r] ?? [])]));
  return (Object.keys(roleModules) as Role[]).filter((r) => wanted.has(r));
}
