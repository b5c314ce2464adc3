/** One active fault as the CLI and the API show it: its lease and how long it has left. */
import type { StoredFault } from './fault-store.ts';

export interface FaultSummary {
  id: string;
  type: string;
  target: string;
  owner: string;
  injectedAt: string;
  /** Epoch ms the lease runs to. */
  expiresAt: number;
  /** Ms until the lease runs out (0 once it has). */
  remainingMs: number;
  leaseMs: number;
  drillRunId?: string;
  /** `active`; `expired` (its lease ran out, the reaper has not ended it yet); `reverting` (a reaper claimed it). */
  status: 'active' | 'expired' | 'reverting';
  spec: StoredFault['spec'];
}

export function faultSummary(f: StoredFault, now = Date.now()): FaultSummary {
  return {
    id: f.id,
    type: f.type,
    target: f.target,
    owner: f.owner,
    injectedAt: f.injectedAt,
    expiresAt: f.expiresAt,
    remainingMs: Math.max(0, f.expiresAt - now),
    leaseMs: f.leaseMs,
    ...(f.drillRunId !== undefined ? { drillRunId: f.drillRunId } : {}),
    status: f.claimedBy !== undefined ? 'reverting' : f.expiresAt > now ? 'active' : 'expired',
    spec: f.spec,
  };
}
