import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What is known about a stored baseline (`<dataDir>/baselines/<canary>/<shot>.json`). */
export interface BaselineMeta {
  canary: string;
  shot: string;
  /** Image size in pixels. */
  width: number;
  height: number;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  fullPage: boolean;
  selector?: string;
  url: string;
  createdAt: string;
  /** The run whose screenshot became the baseline. */
  runId: string;
  source: 'first run' | 'canary baseline update';
}

export interface Baseline {
  png: Buffer;
  meta: BaselineMeta | undefined;
  /** Path of the PNG relative to the data dir. */
  relPath: string;
}

export function baselineRelPath(canary: string, shot: string, ext = 'png'): string {
  return path.posix.join('baselines', canary, `${shot}.${ext}`);
}

/** The stored baseline of one screenshot, or undefined when there is none yet. */
export async function readBaseline(dataDir: string, canary: string, shot: string): Promise<Baseline | undefined> {
  const relPath = baselineRelPath(canary, shot);
  let png: Buffer;
  try {
    png = await readFile(path.join(dataDir, relPath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let meta: BaselineMeta | undefined;
  try {
    meta = JSON.parse(
      await readFile(path.join(dataDir, baselineRelPath(canary, shot, 'json')), 'utf8'),
    ) as BaselineMeta;
  } catch {
    meta = undefined;
  }
  return { png, meta, relPath };
}

/** Stores a baseline PNG and its metadata; each file is replaced atomically. Returns the PNG's data-dir-relative path. */
export async function writeBaseline(dataDir: string, png: Buffer, meta: BaselineMeta): Promise<string> {
  const relPath = baselineRelPath(meta.canary, meta.shot);
  await mkdir(path.dirname(path.join(dataDir, relPath)), { recursive: true });
  await atomicWrite(path.join(dataDir, relPath), png);
  await atomicWrite(
    path.join(dataDir, baselineRelPath(meta.canary, meta.shot, 'json')),
    `${JSON.stringify(meta, null, 2)}\n`,
  );
  return relPath;
}

async function atomicWrite(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export interface RunScreenshot {
  runId: string;
  /** Absolute path of `<dataDir>/runs/<canary>/<runId>/<shot>.png`. */
  file: string;
  mtimeMs: number;
}

/** The newest `<shot>.png` among the canary's runs on disk (by modification time), or undefined. */
export async function latestRunScreenshot(
  dataDir: string,
  canary: string,
  shot: string,
): Promise<RunScreenshot | undefined> {
  const runsDir = path.join(dataDir, 'runs', canary);
  let runIds: string[];
  try {
    runIds = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let best: RunScreenshot | undefined;
  for (const runId of runIds) {
    const file = path.join(runsDir, runId, `${shot}.png`);
    const st = await stat(file).catch(() => undefined);
    if (st?.isFile() && (!best || st.mtimeMs > best.mtimeMs)) best = { runId, file, mtimeMs: st.mtimeMs };
  }
  return best;
}
