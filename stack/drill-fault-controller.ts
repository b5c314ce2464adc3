import type { FaultController } from '../core/fault.ts';
import type { Clients } from './clients.ts';

/** The fault controller `canary drill run` injects with: the lease-keeping one on the process's shared clients. */
export function openFaultController(clients: Clients): Promise<FaultController> {
  return Promise.resolve(clients.faults);
}
