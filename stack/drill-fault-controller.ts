import type { FaultController } from '../core/fault.ts';
import type { Clients } from './clients.ts';

/**
 * The fault controller `canary drill run` injects with, on the process's shared clients. The lease-keeping
 * controller is `chaos/fault-controller.ts` (merged separately); until it is wired here, injecting says so.
 */
export function openFaultController(clients: Clients): Promise<FaultController> {
  void clients;
  return Promise.reject(
    new Error(
      'fault injection is not available in this build: no fault controller is wired in stack/drill-fault-controller.ts',
    ),
  );
}
