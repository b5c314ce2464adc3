import { hostname } from 'node:os';
import { startFaultReaper } from '../../chaos/fault-reaper.ts';
import { createLogger } from '../../core/logger.ts';
import type { RoleModule } from './role.ts';

/** The reaper: ends faults whose lease ran out, reverting effect faults (exactly once across the cluster). */
export const faultsRole: RoleModule = async (ctx) => {
  const reaper = startFaultReaper({
    store: ctx.clients.faultStore,
    controller: ctx.clients.faults,
    claimer: `${hostname()}:${process.pid}`,
    log: createLogger('faults'),
  });
  return { close: () => reaper.close() };
};
