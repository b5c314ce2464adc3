import express, { type Router } from 'express';
import { FaultRevertError, type KillSwitchResult } from '../../chaos/fault-controller.ts';
import { faultSummary } from '../../chaos/fault-summary.ts';
import type { StoredFault } from '../../chaos/fault-store.ts';
import type { Logger } from '../../core/logger.ts';
import { HttpError } from '../http-error.ts';
import { routeErrors } from '../route-errors.ts';

/** What the fault routes use: the stack's fault controller. */
export interface FaultApi {
  list(): Promise<StoredFault[]>;
  revert(id: string): Promise<boolean>;
  killSwitch(): Promise<KillSwitchResult>;
}

/**
 * `GET /api/faults` (active faults with their leases), `DELETE /api/faults/:id` (end one) and
 * `POST /api/faults/revert-all` (the kill switch). A revert that fails answers 409 (the lease is kept and retried).
 */
export function faultRoutes(faults: FaultApi | undefined, log: Logger): Router {
  const r = express.Router();
  const api = (): FaultApi => {
    if (!faults) throw new HttpError(404, 'faults are not available on this API');
    return faults;
  };

  r.get('/api/faults', async (_req, res) => {
    const now = Date.now();
    res.json((await api().list()).map((f) => faultSummary(f, now)));
  });

  r.delete('/api/faults/:id', async (req, res) => {
    const id = req.params.id;
    try {
      if (!(await api().revert(id))) throw new HttpError(404, `no active fault ${id}`);
    } catch (err) {
      if (err instanceof FaultRevertError) throw new HttpError(409, err.message);
      throw err;
    }
    res.json({ id, reverted: true });
  });

  r.post('/api/faults/revert-all', async (_req, res) => {
    const result = await api().killSwitch();
    res.status(result.failed.length ? 409 : 200).json(result);
  });

  r.use(routeErrors(log, 'faults'));
  return r;
}
