import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../core/logger.ts';
import { DrillRunStore } from '../../chaos/drill/drill-run-store.ts';
import { createApiApp } from '../../server/app.ts';
import { CanaryControl } from '../../server/canary-control.ts';
import { CanaryControlStore } from '../../runner/canary-control-store.ts';
import { readStreamStatus } from '../../streams/stream-status.ts';
import { httpUrl } from '../api-url.ts';
import { withClosers } from '../closers.ts';
import { dnsRecordViews } from '../dns-record-views.ts';
import type { RoleModule } from './role.ts';

const log = createLogger('stack');

/** The HTTP API (and Prometheus export). */
export const apiRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix, runs, metrics, alarmStates, control, dnsState, logs } = ctx.clients;
    const project = ctx.project();
    const { api, dns } = project.config;
    const dnsRecords = dnsRecordViews(dns);
    const canaryControl = new CanaryControl({
      redis,
      prefix,
      store: new CanaryControlStore(redis, prefix),
      canaries: () => ctx.project().canaries,
      errorRetries: () => ctx.project().config.worker.errorRetries,
      log: createLogger('api'),
    });
    defer(() => canaryControl.close());
    const app = createApiApp({
      redis,
      prefix,
      dataDir: project.dataDir,
      canaries: () => ctx.project().canaries,
      alarms: () => ctx.project().alarms,
      composites: () => ctx.project().compositeAlarms,
      control,
      runs,
      metrics,
      alarmStates,
      logs: { store: logs.store, ingestor: logs.ingestor },
      drills: { definitions: () => ctx.project().drills, runs: new DrillRunStore(redis, prefix) },
      faults: ctx.clients.faults,
      canaryControl,
      events: ctx.clients.events,
      statusPages: () => ctx.project().config.statusPages,
      metricStreams: { status: () => readStreamStatus(redis, prefix, ctx.project().config.metricStreams) },
      ...(api.token ? { token: api.token } : {}),
      ...(api.limits ? { limits: api.limits } : {}),
      ...(dns
        ? {
            dns: {
              records: () => dnsRecords,
              sides: () => dnsState.sides(),
              audit: (r: string | undefined, n: number) => dnsState.audit(r, n),
            },
          }
        : {}),
    });
    // Config groups are created (the logs role, if elsewhere, does the same) without holding the API back: it must
    // answer /healthz while Redis is down.
    logs.syncConfig().catch((err: Error) => log.warn({ err: err.message }, 'log groups not created'));
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(ctx.ports.api ?? api.port, api.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    defer(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const apiUrl = httpUrl(api.host, (server.address() as AddressInfo).port);
    log.info({ url: apiUrl }, 'HTTP API listening');
    return { apiUrl };
  });
