import { startDnsServer } from '../../providers/builtin-dns/dns-server.ts';
import { DnsSideCache } from '../../providers/builtin-dns/side-cache.ts';
import { restoreLostSides } from '../../providers/builtin-dns/restore-lost-sides.ts';
import { createLogger } from '../../core/logger.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

const log = createLogger('stack');

/** The built-in authoritative DNS server, answering from the failover sides (kept current through Redis). */
export const dnsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const dns = ctx.project().config.dns;
    if (!dns) return {};
    const { redis, prefix } = ctx.clients;
    const dnsLog = createLogger('dns');
    const cache = await new DnsSideCache(redis, `${prefix}:`, {
      log: dnsLog,
      // Redis came back empty: keep serving what we served, and write it back, so only an alarm fails back.
      onStateLost: (lost) => void restoreLostSides(ctx.clients.dnsState, lost, dnsLog),
    }).start();
    defer(() => cache.close());
    const server = await startDnsServer({
      host: dns.listen.host,
      port: ctx.ports.dns ?? dns.listen.port,
      zones: dns.zones,
      sides: cache,
      faults: ctx.clients.faultView,
      log: createLogger('dns'),
      tcpRequestTimeoutMs: dns.tcpRequestTimeoutMs,
      rateLimit: dns.rateLimit,
    });
    defer(() => server.close());
    // The built-in DNS provider confirms a switch by asking this server what it serves.
    ctx.clients.localDns.address = { host: dns.listen.host, port: server.udpPort };
    defer(async () => void (ctx.clients.localDns.address = undefined));
    log.info({ host: dns.listen.host, port: server.udpPort }, 'DNS server listening');
    return { dnsPort: server.udpPort };
  });
