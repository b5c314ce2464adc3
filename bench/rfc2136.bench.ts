/**
 * npm run bench:rfc2136 — the dns-failover action through an rfc2136 provider against a real BIND 9 on loopback:
 * from the action's start to the switch confirmed (the TSIG-signed UPDATE applied and BIND's answer showing the new
 * side). ROUNDS switches (alternating failover and failback); prints median, p95 and max.
 */
import { Redis } from 'ioredis';
import { dnsFailback } from '../actions/dns/failback-action.ts';
import { dnsFailover } from '../actions/dns/failover-action.ts';
import type { ActionContext } from '../core/action.ts';
import { createLogger } from '../core/logger.ts';
import { providerTable } from '../providers/provider-table.ts';
import { rfc2136 } from '../providers/rfc2136/index.ts';
import { rfc2136EntrySchema } from '../providers/rfc2136/rfc2136-config.ts';
import { startBind9 } from '../test/support/bind9.ts';
import { deletePrefix, TEST_REDIS_URL, testPrefix } from '../test/support/redis-prefix.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 40);
const prefix = testPrefix('bench-rfc2136');
const bind = await startBind9({ zone: 'corp.test', records: ['www 30 IN A 127.0.0.2'] });
process.env.CK_BENCH_TSIG = bind.secret;
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
const entry = rfc2136EntrySchema.parse({
  type: 'rfc2136',
  server: `127.0.0.1:${bind.port}`,
  zone: 'corp.test',
  tsig: { name: bind.keyName, algorithm: 'hmac-sha256', secretEnv: 'CK_BENCH_TSIG' },
});
const corp = rfc2136.create({}, { redis, prefix, createLogger, name: 'corp' }, entry);
const services = { providers: providerTable({ dns: { corp } }), log: createLogger('bench') };
const fields = { provider: 'corp', record: 'www.corp.test', primary: ['127.0.0.2'], secondary: ['127.0.0.3'] };

const times: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i++) {
    const failover = i % 2 === 0;
    const ctx: ActionContext = {
      actionName: failover ? 'www-failover' : 'www-failback',
      dryRun: false,
      transition: {
        id: `bench-${i}`,
        alarm: 'www-down',
        oldState: failover ? 'OK' : 'ALARM',
        newState: failover ? 'ALARM' : 'OK',
        reason: 'bench',
        timestamp: new Date().toISOString(),
        actions: [],
      },
    };
    const start = performance.now();
    const out = failover
      ? await dnsFailover.execute({ type: 'dns-failover', ...fields }, ctx, services)
      : await dnsFailback.execute({ type: 'dns-failback', ...fields }, ctx, services);
    const ms = performance.now() - start;
    if (out.status !== 'done' || out.data?.servedAt === undefined) throw new Error(`round ${i}: ${out.detail}`);
    times.push(ms);
  }
} finally {
  redis.disconnect();
  await bind.stop();
  await deletePrefix(prefix);
}

const sorted = [...times].sort((a, b) => a - b);
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(
  `rfc2136 (BIND 9 on loopback, TSIG hmac-sha256): action start → switch confirmed, ${ROUNDS} switches: ` +
    `median ${fmt(at(0.5))}, p95 ${fmt(at(0.95))}, max ${fmt(sorted.at(-1) ?? NaN)}`,
);
