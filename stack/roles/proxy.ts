import { startFaultProxy, type FaultProxy } from '../../chaos/proxy/fault-proxy.ts';
import type { ProxyConfig } from '../../config/proxies-schema.ts';
import { createLogger } from '../../core/logger.ts';
import type { RoleContext, RoleHandle, RoleModule } from './role.ts';

const log = createLogger('proxy');

export interface ProxyRoleHandle extends RoleHandle {
  /** The port each running proxy listens on, by name. */
  ports(): ReadonlyMap<string, number>;
}

/**
 * The built-in fault proxies (`proxies` in the config), each applying the `http` faults that name it, read from the
 * shared in-memory fault view. A reload starts new proxies, stops removed ones and restarts changed ones; a proxy
 * that cannot start on reload is logged and retried at the next reload while the others keep running.
 */
export async function startProxyRole(ctx: RoleContext): Promise<ProxyRoleHandle> {
  const running = new Map<string, { config: ProxyConfig; proxy: FaultProxy }>();

  async function start(name: string, config: ProxyConfig): Promise<void> {
    const proxy = await startFaultProxy({
      name,
      listen: config.listen,
      upstream: new URL(config.upstream),
      faults: ctx.clients.faultView,
      log,
    });
    running.set(name, { config, proxy });
    log.info(
      { proxy: name, host: config.listen.host, port: proxy.port, upstream: config.upstream },
      'fault proxy listening',
    );
  }

  async function stopAll(): Promise<void> {
    await Promise.all([...running.values()].map((r) => r.proxy.close()));
    running.clear();
  }

  try {
    for (const [name, config] of Object.entries(ctx.project().config.proxies)) await start(name, config);
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    ports: () => new Map([...running].map(([name, r]) => [name, r.proxy.port])),
    async reload() {
      const wanted = ctx.project().config.proxies;
      // Stop the removed and changed ones first, so a changed proxy can take its address back.
      for (const [name, r] of [...running]) {
        const next = wanted[name];
        if (next && JSON.stringify(next) === JSON.stringify(r.config)) continue;
        await r.proxy.close();
        running.delete(name);
        log.info({ proxy: name }, next ? 'fault proxy changed: restarting' : 'fault proxy removed');
      }
      for (const [name, config] of Object.entries(wanted)) {
        if (running.has(name)) continue;
        try {
          await start(name, config);
        } catch (err) {
          log.error(
            { proxy: name, err: (err as Error).message },
            'fault proxy did not start; retried at the next reload',
          );
        }
      }
    },
    close: stopAll,
  };
}

export const proxyRole: RoleModule = startProxyRole;
