/**
 * npm run bench:failover — the loop of the end-to-end test, five times, with a 1-of-1 alarm (1 s period):
 * fault (primary stops) → first FAILED run → ALARM → DNS answer switched, once with evaluation on arrival off
 * (the tick-only baseline) and once on, in the same invocation. Prints median and max of each and the ratio.
 * `ARRIVAL=1` or `ARRIVAL=0` measures one mode only.
 */
import { Resolver } from 'node:dns/promises';
import { ALL_ROLES, startStack } from '../stack/start-stack.ts';
import { failoverProject } from '../test/support/failover-project.ts';
import { startOrigin } from '../test/support/origin.ts';
import { deletePrefix, testPrefix } from '../test/support/redis-prefix.ts';
import { startWebhookReceiver } from '../test/support/webhook-receiver.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);

const waitUntil = async (cond: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 5) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return Date.now();
};

type Row = { failed: number; alarm: number; switched: number; total: number };

/** One batch of rounds on a fresh stack, with evaluation on arrival on or off. */
async function measure(onArrival: boolean): Promise<Row[]> {
  const prefix = testPrefix('bench');
  const primary = await startOrigin('127.0.0.2', 'primary');
  const secondary = await startOrigin('127.0.0.3', 'secondary');
  const hooks = await startWebhookReceiver();
  const { tmp, project } = await failoverProject({
    prefix,
    primaryUrl: primary.url,
    webhookUrl: hooks.url,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
  });

  let firstFailedAt = 0;
  let alarmAt = 0;
  let okAt = 0;
  project.config.alarmEngine.evaluateOnArrival = onArrival;
  const stack = await startStack({
    project,
    roles: ALL_ROLES,
    onRun: (run) => {
      if (run.status === 'FAILED' && firstFailedAt === 0) firstFailedAt = Date.now();
    },
    onTransition: (t) => {
      if (t.newState === 'ALARM') alarmAt = Date.now();
      if (t.newState === 'OK') okAt = Date.now();
    },
  });
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${stack.dnsPort}`]);
  const answer = async () => (await resolver.resolve4('www.demo.test').catch(() => ['?']))[0];

  const rows: Row[] = [];
  try {
    await waitUntil(() => okAt > 0);
    await waitUntil(async () => (await answer()) === '127.0.0.2');
    for (let round = 1; round <= ROUNDS; round++) {
      // Fault at a random point within the second, as a real outage would be.
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1000));
      firstFailedAt = 0;
      alarmAt = 0;
      okAt = 0;
      await primary.stop();
      const faultAt = Date.now();
      const switchedAt = await waitUntil(async () => (await answer()) === '127.0.0.3');
      await waitUntil(() => firstFailedAt > 0 && alarmAt > 0);
      rows.push({
        failed: firstFailedAt - faultAt,
        alarm: alarmAt - faultAt,
        switched: switchedAt - alarmAt,
        total: switchedAt - faultAt,
      });
      process.stdout.write(
        `round ${round}: fault→FAILED ${firstFailedAt - faultAt} ms, fault→ALARM ${alarmAt - faultAt} ms, ALARM→DNS ${switchedAt - alarmAt} ms, fault→DNS ${switchedAt - faultAt} ms\n`,
      );
      await primary.start();
      await waitUntil(() => okAt > 0);
      await waitUntil(async () => (await answer()) === '127.0.0.2');
    }
  } finally {
    await stack.close();
    await primary.stop();
    await secondary.stop();
    await hooks.close();
    await tmp.remove();
    await deletePrefix(prefix);
  }
  return rows;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, max: s[s.length - 1] as number };
};
const modes = process.env.ARRIVAL === '1' ? [true] : process.env.ARRIVAL === '0' ? [false] : [false, true];
const results = new Map<boolean, Row[]>();
for (const mode of modes) {
  process.stdout.write(`\n— evaluation on arrival ${mode ? 'on (the default)' : 'off (tick only, the baseline)'}\n`);
  results.set(mode, await measure(mode));
}
process.stdout.write(`\n${ROUNDS} rounds per mode, 1-of-1 alarm, 1 s period, rate(1 second) heartbeat:\n`);
const head = modes.map((m) => (m ? 'on-arrival' : 'tick-only'));
process.stdout.write(
  `${'measure'.padEnd(24)}${head.map((h) => `${h} median`.padStart(20) + `${h} max`.padStart(17)).join('')}${modes.length === 2 ? 'ratio (median)'.padStart(16) : ''}\n`,
);
for (const [label, key] of [
  ['fault → first FAILED', 'failed'],
  ['fault → ALARM', 'alarm'],
  ['ALARM → DNS switched', 'switched'],
  ['fault → DNS switched', 'total'],
] as const) {
  const cols = modes.map((m) => stats((results.get(m) ?? []).map((r) => r[key])));
  const cells = cols.map(({ median, max }) => `${median} ms`.padStart(20) + `${max} ms`.padStart(17)).join('');
  const ratio = cols.length === 2 && cols[1]!.median > 0 ? `${(cols[0]!.median / cols[1]!.median).toFixed(2)}×` : '';
  process.stdout.write(`${label.padEnd(24)}${cells}${ratio.padStart(16)}\n`);
}
process.stdout.write('target: median fault → DNS switched ≤ 700 ms with evaluation on arrival\n');
