import { createLogger } from '../../core/logger.ts';
import { startSyslogListener } from '../../logs/syslog/syslog-listener.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

const log = createLogger('logs');

/** Publishes defaults this long after each minute closes (before the alarm engine's default 150 ms delay). */
const DEFAULTS_AFTER_MS = 20;

/**
 * Logs: creates the config's groups and records its metric filters, listens for syslog (`logs.syslog`), trims
 * expired events (`logs.retentionIntervalMs`), and publishes metric filters' default values once a minute.
 */
export const logsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { logs } = ctx.clients;
    await logs.syncConfig();
    const config = () => ctx.project().config.logs;

    const retention = setInterval(() => {
      logs.store.trimExpired().then(
        (removed) => Object.keys(removed).length > 0 && log.info({ removed }, 'expired log events removed'),
        (err: Error) => log.warn({ err: err.message }, 'log retention failed'),
      );
    }, config().retentionIntervalMs);
    defer(async () => clearInterval(retention));

    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const schedule = () => {
      const wait = 60_000 - (Date.now() % 60_000) + DEFAULTS_AFTER_MS;
      timer = setTimeout(() => {
        running = logs.defaults
          .publish(logs.groupFilters())
          .catch((err: Error) => log.warn({ err: err.message }, 'metric filter defaults failed'));
        schedule();
      }, wait);
    };
    schedule();
    defer(async () => {
      clearTimeout(timer);
      await running;
    });

    const syslogConfig = config().syslog;
    let syslog: Awaited<ReturnType<typeof startSyslogListener>> | undefined;
    if (syslogConfig) {
      const udp = ctx.ports.syslogUdp;
      const tcp = ctx.ports.syslogTcp;
      const withPort = (hp: string | undefined, port: number | undefined) =>
        hp === undefined || port === undefined ? hp : `${hp.slice(0, hp.lastIndexOf(':'))}:${port}`;
      syslog = await startSyslogListener({
        udp: withPort(syslogConfig.udp, udp),
        tcp: withPort(syslogConfig.tcp, tcp),
        rules: syslogConfig.rules,
        ingestor: logs.ingestor,
        flushIntervalMs: syslogConfig.flushIntervalMs,
        maxMessageBytes: syslogConfig.maxMessageBytes,
      });
      const listener = syslog;
      defer(() => listener.close());
    }
    return {
      ...(syslog ? { syslog: { udpPort: syslog.udpPort, tcpPort: syslog.tcpPort } } : {}),
      reload: () => logs.syncConfig(),
    };
  });
