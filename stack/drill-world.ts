import type { DrillWorld } from '../chaos/drill/drill-world.ts';
import type { Project } from '../config/project.ts';
import { DEFAULT_DNS_PROVIDER } from '../core/dns-provider.ts';
import type { Clients } from './clients.ts';

/**
 * The drill runner's view of the system, over the shared clients: alarm states from the state store, latest runs
 * from the run store, what DNS serves from the DNS provider's `served()`, and the event stream.
 */
export function createDrillWorld(clients: Clients, project: () => Project): DrillWorld {
  const dns = () => clients.providers.get('dns', DEFAULT_DNS_PROVIDER);
  return {
    events: clients.events,
    async alarmStates(names) {
      const states = await clients.alarmStates.getMany(names);
      return Object.fromEntries(names.map((n, i) => [n, states[i]?.state ?? 'INSUFFICIENT_DATA']));
    },
    async latestRun(canary) {
      const [run] = await clients.runs.list({ canary, limit: 1 });
      return run && { runId: run.id, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt };
    },
    async served(record) {
      return dns()?.served({ record });
    },
    values(record, side) {
      return dns()?.values({ record }, side);
    },
    async actionIssuedAt(alarm, transitionId, action) {
      const item = (await clients.alarmStates.history(alarm, 200)).find(
        (h) => h.type === 'Action' && h.transitionId === transitionId && h.data?.action === action,
      );
      const issued = item?.data?.issuedAt;
      return typeof issued === 'string' ? issued : undefined;
    },
    ownDnsServer() {
      const listen = project().config.dns?.listen;
      return clients.localDns.address ?? (listen && listen.port !== 0 ? listen : undefined);
    },
  };
}

/**
 * In a process that does not run the `dns` role (`canary drill run` beside `canary up`), the built-in DNS
 * provider asks the server at the configured `dns.listen` address, so a switch can still be confirmed as served.
 */
export function useConfiguredDnsServer(clients: Clients, project: Project): void {
  const listen = project.config.dns?.listen;
  if (!clients.localDns.address && listen && listen.port !== 0)
    clients.localDns.address = { host: listen.host === '0.0.0.0' ? '127.0.0.1' : listen.host, port: listen.port };
}
