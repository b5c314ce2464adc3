import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface TempProject {
  dir: string;
  write(file: string, content: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A throwaway project directory inside the repo (so `import ... from 'canarykit'` resolves to this package,
 * as it would for a user who installed it).
 */
export async function tempProject(files: Record<string, string>): Promise<TempProject> {
  const dir = path.join(REPO, '.canary-test', randomBytes(6).toString('hex'));
  await mkdir(dir, { recursive: true });
  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  };
  for (const [file, content] of Object.entries(files)) await write(file, content);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}
