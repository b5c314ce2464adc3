/**
 * npm run bench:recovery — the docker recovery provider against a real dockerd: a web container (busybox httpd,
 * host network, loopback) is stopped; then the recovery is issued (`mode: start`), Docker's signal says it is up
 * (running and HEALTHCHECK healthy: `targetUpAt`), and a canary's check (a GET of its page saying Welcome, every
 * 20 ms) passes again (`greenAt`). ROUNDS rounds; prints the median, p95 and max of stop → issued, issued →
 * target up, and issued → green. Needs Docker (scripts/ensure-docker.sh starts dockerd where it can).
 */
import { DockerRecoveryProvider } from '../providers/docker/docker-provider.ts';
import { dockerEnv, startWebContainer } from '../test/support/docker-env.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const env = await dockerEnv();
if (!env) {
  console.log('bench:recovery skipped: Docker is unavailable (see the line above)');
  process.exit(0);
}
const web = await startWebContainer(env, { host: '127.0.0.1' });
const provider = new DockerRecoveryProvider({ client: env.docker, pollMs: 20 });
const target = { container: web.name, mode: 'start' as const, waitSeconds: 60 };
const rows = { stopToIssued: [] as number[], issuedToUp: [] as number[], issuedToGreen: [] as number[] };

try {
  for (let i = 0; i < ROUNDS; i++) {
    await web.container.stop({ t: 0 });
    const stopped = Date.now();
    while (await web.isUp()) await new Promise((r) => setTimeout(r, 20));
    const out = await provider.recover(target, { dryRun: false });
    const issued = Date.parse(out.issuedAt ?? '');
    const up = Date.parse(out.targetUpAt ?? '');
    while (!(await web.isUp())) await new Promise((r) => setTimeout(r, 20));
    const green = Date.now();
    rows.stopToIssued.push(issued - stopped);
    rows.issuedToUp.push(up - issued);
    rows.issuedToGreen.push(green - issued);
  }
} finally {
  await web.remove();
}

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s[s.length - 1] ?? NaN} ms`;
};
console.log(`docker recovery, ${ROUNDS} rounds (container stopped, recover mode start, HEALTHCHECK every 500 ms):`);
console.log(`  stopped → recovery issued:   ${stat(rows.stopToIssued)}`);
console.log(`  issued → target up (Docker): ${stat(rows.issuedToUp)}`);
console.log(`  issued → canary green:       ${stat(rows.issuedToGreen)}`);
