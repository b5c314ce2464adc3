/**
 * Memory over repeated configuration reloads: loads this repo's project (config and canaries, TypeScript through tsx)
 * 200 times, as 200 SIGHUPs would, and prints RSS and heap growth. Then edits a canary file between loads to show
 * that an edit is picked up. Not a test: figures only.
 *
 *   npx tsx bench/reload-memory.bench.ts [reloads]
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadProject } from '../config/load-project.ts';

const reloads = Number(process.argv[2] ?? 200);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function sample(): Promise<{ rss: number; heap: number }> {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const root = path.resolve(import.meta.dirname, '..');
// Inside the repo, so the copied files import 'canarykit' as a project of ours would.
await import('node:fs/promises').then((fs) => fs.mkdir(path.join(root, '.canary'), { recursive: true }));
const dir = await mkdtemp(path.join(root, '.canary', 'bench-reload-'));
try {
  await copyFile(path.join(root, 'canary.config.ts'), path.join(dir, 'canary.config.ts'));
  await import('node:fs/promises').then((fs) => fs.mkdir(path.join(dir, 'canaries')));
  const canaryFile = path.join(dir, 'canaries', 'www.canary.ts');
  await copyFile(path.join(root, 'canaries', 'www.canary.ts'), canaryFile);
  const opts = { configPath: path.join(dir, 'canary.config.ts') };

  await loadProject(opts);
  const warm = await sample();
  const t0 = performance.now();
  for (let i = 0; i < reloads; i++) await loadProject(opts);
  const ms = (performance.now() - t0) / reloads;
  const after = await sample();

  const original = await readFile(canaryFile, 'utf8');
  await writeFile(canaryFile, original.replace("expectText: 'Welcome'", "expectText: 'Welcome!'"));
  const edited = await loadProject(opts);
  const picked = JSON.stringify(edited.canaries[0]?.settings).includes('Welcome!');

  console.log(`reloads: ${reloads}, ${ms.toFixed(1)} ms per reload`);
  console.log(`RSS   ${mb(warm.rss)} → ${mb(after.rss)} (${(((after.rss - warm.rss) / warm.rss) * 100).toFixed(1)} %)`);
  console.log(
    `heap  ${mb(warm.heap)} → ${mb(after.heap)} (${(((after.heap - warm.heap) / warm.heap) * 100).toFixed(1)} %)`,
  );
  console.log(`per reload: ${((after.rss - warm.rss) / reloads / 1024).toFixed(1)} KB RSS`);
  console.log(`an edited canary file is picked up on the next load: ${picked ? 'yes' : 'NO'}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
