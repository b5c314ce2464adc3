import express, { type Router } from 'express';
import type { Logger } from '../../core/logger.ts';
import type { ApiDeps } from '../api-deps.ts';
import { HttpError } from '../http-error.ts';
import { intParam, textParam } from '../query-params.ts';
import { routeErrors } from '../route-errors.ts';

/** `/api/dns/records` (each failover record with its side) and `/api/dns/audit` (the switch audit log). */
export function dnsRoutes(deps: ApiDeps, log: Logger): Router {
  const r = express.Router();
  const dnsOf = () => {
    if (!deps.dns) throw new HttpError(404, 'no dns section in the config');
    return deps.dns;
  };

  r.get('/api/dns/records', async (_req, res) => {
    const dns = dnsOf();
    const sides = await dns.sides();
    res.json(
      dns.records().map((rec) => {
        const side = sides[rec.name] ?? 'primary';
        return { ...rec, side, value: side === 'primary' ? rec.primary : rec.secondary };
      }),
    );
  });

  r.get('/api/dns/audit', async (req, res) => {
    const dns = dnsOf();
    const record = textParam(req.query.record, 'record');
    // An invalid record name is the store's InvalidDnsRecordError: a 400 (see error-answer.ts).
    res.json(await dns.audit(record, intParam(req.query.limit, 'limit', 100, 1000)));
  });

  r.use(routeErrors(log, 'dns'));
  return r;
}
