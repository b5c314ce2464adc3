/**
 * npm run bench:blueprints — per-blueprint run times (median and p95 over RUNS runs, default 20) against the
 * loopback fixture site on a warm worker (Chromium already running), next to a bare `page.goto` in an
 * already-open page measured in the same run. Link-check throughput vs linkinator: bench/broken-links.bench.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateCanary } from '../config/validate-canary.ts';
import type { Diagnostic } from '../core/diagnostics.ts';
import { BrowserPool } from '../runner/browser/browser-pool.ts';
import { executeRun } from '../runner/execute-run.ts';
import { startFixtureSite } from '../test/fixtures/site/index.ts';
import { jsonApi } from '../test/fixtures/site/json-api.ts';
import { mountGeneratedSite } from '../test/fixtures/site/links.ts';
import { LOGIN_EMAIL, mountLoginApp } from '../test/fixtures/site/login-app.ts';
import { mountVisual } from '../test/fixtures/site/visual.ts';

const RUNS = Number(process.env.RUNS ?? 20);
const api = jsonApi('bench-secret');
const site = await startFixtureSite((app) => {
  api.mount(app);
  mountLoginApp(app, { password: 'bench-pw' });
  mountVisual(app);
  mountGeneratedSite(app, 10, 9);
});
process.env.BENCH_PW = 'bench-pw';
process.env.BENCH_API_PW = 'bench-secret';
const b = site.baseUrl;
const dataDir = await mkdtemp(path.join(tmpdir(), 'canarykit-bench-'));
const pool = new BrowserPool();

const canaries: Array<Record<string, unknown>> = [
  { name: 'heartbeat', blueprint: 'heartbeat', url: `${b}/login`, expectText: 'Sign in' },
  {
    name: 'api',
    blueprint: 'api',
    requests: [
      {
        name: 'login',
        method: 'POST',
        url: `${b}/api/login`,
        json: { user: 'u', password: '{{env.BENCH_API_PW}}' },
        assert: [{ status: 200 }],
        extract: { token: '$.token' },
      },
      {
        name: 'orders',
        url: `${b}/api/orders`,
        headers: { authorization: 'Bearer {{token}}' },
        assert: [{ status: 200 }, { jsonPath: '$.orders.length', op: '>', value: 0 }],
      },
    ],
  },
  { name: 'visual', blueprint: 'visual', url: `${b}/visual/`, ignore: [{ selector: '.clock' }] },
  {
    name: 'gui-workflow',
    blueprint: 'gui-workflow',
    steps: [
      { action: 'navigate', url: `${b}/login` },
      { action: 'type', selector: '#email', text: LOGIN_EMAIL },
      { action: 'type', selector: '#password', text: '{{env.BENCH_PW}}', secret: true },
      { action: 'press', key: 'Enter' },
      { action: 'waitForSelector', selector: '.dashboard' },
      { action: 'verifyText', selector: 'h1', text: 'Welcome' },
    ],
  },
  { name: 'broken-links', blueprint: 'broken-links', url: `${b}/gen/`, maxLinks: 500, maxBrokenLinks: 1000 },
];

const stats = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  return { median: at(50), p95: at(95) };
};
const row = (label: string, xs: number[], base?: number) => {
  const { median, p95 } = stats(xs);
  process.stdout.write(
    `${label.padEnd(22)}${median.toFixed(0).padStart(9)}${p95.toFixed(0).padStart(9)}${base ? `${(median / base).toFixed(2).padStart(10)}x` : ''}\n`,
  );
  return median;
};

try {
  const browser = await pool.acquire();
  const page = await browser.newPage();
  const bare: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    await page.goto(`${b}/login`, { waitUntil: 'load' });
    if (i >= 2) bare.push(performance.now() - t0);
  }
  await page.close();
  process.stdout.write(
    `${RUNS} runs each, warm worker, loopback fixture site (ms)\n${'run'.padEnd(22)}${'median'.padStart(9)}${'p95'.padStart(9)}${'vs goto'.padStart(11)}\n`,
  );
  const gotoMedian = row('bare page.goto', bare);
  const medians: Record<string, number> = {};
  for (const raw of canaries) {
    const out: Diagnostic[] = [];
    const def = validateCanary(
      `${raw.name}.canary.ts`,
      { schedule: 'rate(1 minute)', timeout: 60, ...raw },
      out,
    ).definition;
    if (!def) throw new Error(out.map((d) => `${d.path}: ${d.message}`).join('\n'));
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const rec = await executeRun({
        canary: def,
        runId: `bench-${def.name}-${i}`,
        attempt: 1,
        dataDir,
        browser: pool,
      });
      if (rec.status === 'ERROR' || (rec.status === 'FAILED' && def.name !== 'broken-links'))
        throw new Error(`${def.name}: ${rec.reason}`);
      if (i > 0) times.push(rec.durationMs); // the first visual run creates the baseline; all warm the caches
    }
    medians[def.name] = row(def.name, times, gotoMedian);
  }
  const hb = medians.heartbeat as number;
  process.stdout.write(
    `\nheartbeat overhead over a bare page.goto: +${(hb - gotoMedian).toFixed(0)} ms (${(hb / gotoMedian).toFixed(2)}x)\n`,
  );
  process.stdout.write(
    `visual overhead over the heartbeat: +${((medians.visual as number) - hb).toFixed(0)} ms (${((medians.visual as number) / hb).toFixed(2)}x)\n`,
  );
} finally {
  await pool.close();
  api.close();
  await site.close();
  await rm(dataDir, { recursive: true, force: true });
}
