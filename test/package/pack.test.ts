import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm pack`, installed into a fresh empty project offline, as a user gets it: plain Node imports it, TypeScript
 * sees its types, and `canary` validates and runs a TypeScript canary. Slow (it builds and installs), never timed.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MINUTES = 60_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: none of the npm script variables of the `npm test` around us, and no
 * `node_modules/.bin` of this repository on the PATH.
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'INIT_CWD') env[key] = value;
  }
  const outsideRepo = (dir: string) => path.relative(REPO, dir).startsWith('..');
  env.PATH = (process.env.PATH ?? '').split(path.delimiter).filter(outsideRepo).join(path.delimiter);
  return { ...env, PUPPETEER_SKIP_DOWNLOAD: '1', LOG_LEVEL: 'warn', ...extra };
}

/** Runs a command to completion; a non-zero exit is a result, not an error. */
async function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): Promise<Result> {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const shown = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

interface LockEntry {
  dev?: boolean;
  [field: string]: unknown;
}

/** The repository's package-lock.json. */
function repoLock(): { packages: Record<string, LockEntry> } {
  return JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
}

/** The version the repository's lock holds for a top-level package. */
function lockedVersion(name: string): string {
  const version = repoLock().packages[`node_modules/${name}`]?.version;
  if (typeof version !== 'string') throw new Error(`package-lock.json has no ${name}: run \`npm install\``);
  return version;
}

/**
 * A package-lock.json for the fresh project, holding the repository's own locked production tree (and TypeScript).
 * npm 11 resolves version ranges from full registry documents, which `npm ci` never fetches, so an offline install
 * with no lock cannot resolve anything; with this lock npm installs the exact versions the repository is tested with,
 * from the tarballs `npm ci` left in the cache. A dependency of the tarball missing from the lock still has to be
 * resolved, and fails offline: the test sees it.
 */
function seedLock(tarball: { spec: string; integrity: string }, devDependencies: Record<string, string>): unknown {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = repoLock();
  const packages: Record<string, unknown> = {
    '': { name: 'pack-smoke-app', version: '1.0.0', dependencies: { canarykit: tarball.spec }, devDependencies },
    'node_modules/canarykit': {
      version: pkg.version,
      resolved: tarball.spec,
      integrity: tarball.integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [where, entry] of Object.entries(lock.packages)) {
    const wanted = where !== '' && (!entry.dev || where.slice('node_modules/'.length) in devDependencies);
    if (wanted) packages[where] = entry;
  }
  return { name: 'pack-smoke-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/** A tiny HTTP API for the canary; `status` is what it answers. */
async function healthServer(): Promise<{ server: Server; url: string; status: { code: number } }> {
  const status = { code: 200 };
  const server = createServer((_req, res) => {
    res.writeHead(status.code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: status.code < 400 }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/health`, status };
}

describe('the npm package, installed from the tarball into a fresh project', () => {
  let work: string;
  let app: string;
  let packedFiles: string[];
  let api: Awaited<ReturnType<typeof healthServer>>;

  const inApp = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) => sh(cmd, args, app, env);
  /** A bin of the installed project; `--no` keeps npx from ever fetching one. */
  const npx = (args: string[], env?: NodeJS.ProcessEnv) => inApp('npx', ['--no', '--', ...args], env);
  const write = async (file: string, content: string) => {
    await mkdir(path.dirname(path.join(app, file)), { recursive: true });
    await writeFile(path.join(app, file), content);
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'canarykit-pack-'));
    api = await healthServer();

    // `prepack` builds dist/ first, so this always packs fresh output.
    const pack = await sh('npm', ['pack', '--json', '--pack-destination', work], REPO);
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${shown(pack)}`);
    // The build's own lines come before npm's JSON.
    const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as [
      { filename: string; integrity: string; files: { path: string }[] },
    ];
    packedFiles = packed.files.map((f) => f.path);

    app = path.join(work, 'app');
    const devDependencies = { typescript: lockedVersion('typescript') };
    await write(
      'package.json',
      JSON.stringify({ name: 'pack-smoke-app', version: '1.0.0', private: true, type: 'module', devDependencies }),
    );
    await write(
      'package-lock.json',
      JSON.stringify(
        seedLock({ spec: `file:../${packed.filename}`, integrity: packed.integrity }, devDependencies),
        null,
        2,
      ),
    );

    const install = await inApp('npm', [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      path.join(work, packed.filename),
    ]);
    if (install.code !== 0) {
      const url = /request to (\S+) failed: cache mode is 'only-if-cached'/.exec(install.stderr)?.[1];
      const missing = url ? decodeURIComponent(new URL(url).pathname.slice(1)) : 'a package';
      if (url || /ENOTCACHED/.test(install.stderr))
        throw new Error(
          `the offline install did not find ${missing} in the npm cache: ` +
            'run `npm ci` in the repository first (it fills the cache; package-lock.json must match package.json)\n' +
            shown(install),
        );
      throw new Error(`npm install of the tarball failed:\n${shown(install)}`);
    }
  }, 20 * MINUTES);

  afterAll(async () => {
    api?.server.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('carries the compiled code and no test, benchmark, demo or TypeScript source files', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'bin/canary.js', 'dist/index.js']));
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/index.d.ts', 'dist/cli/main.js']));
    const strays = packedFiles.filter(
      (f) => !/^(bin|dist)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f),
    );
    expect(strays).toEqual([]);
    expect(packedFiles.filter((f) => /(^|\/)(test|bench|demo)\//.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => /\.(test|bench)\.[cm]?[jt]s$/.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  });

  it(
    'npx canary --help lists the commands',
    async () => {
      const r = await npx(['canary', '--help']);
      expect(r.code, shown(r)).toBe(0);
      for (const command of ['up', 'worker', 'validate', 'run', 'baseline', 'alarm', 'metrics'])
        expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    },
    5 * MINUTES,
  );

  it(
    'imports from plain .mjs under plain node, from the installed package',
    async () => {
      await write(
        'check.mjs',
        `import { evaluateMetricAlarm, defineCanary } from 'canarykit';
const alarm = { evaluationPeriods: 3, datapointsToAlarm: 3, threshold: 0, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'missing' };
const result = evaluateMetricAlarm(alarm, [1, 1, null, 1, 1], 'OK');
const canary = defineCanary({ name: 'n', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://127.0.0.1/' }] });
console.log(JSON.stringify({ from: import.meta.resolve('canarykit'), state: result.state, reason: result.reason, name: canary.name }));
`,
      );
      const r = await inApp(process.execPath, ['check.mjs']);
      expect(r.code, shown(r)).toBe(0);
      const out = JSON.parse(r.stdout) as { from: string; state: string; reason: string; name: string };
      expect(out.from).toBe(pathToFileURL(path.join(app, 'node_modules/canarykit/dist/index.js')).href);
      expect(out.state).toBe('ALARM');
      expect(out.reason).toMatch(/Threshold Crossed/);
      expect(out.name).toBe('n');
    },
    5 * MINUTES,
  );

  it(
    'typechecks TypeScript against the installed types',
    async () => {
      await write(
        'tsconfig.json',
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: ['node'],
          },
          include: ['typed.ts'],
        }),
      );
      await write(
        'typed.ts',
        `import { defineCanary, defineConfig, evaluateMetricAlarm, type Schedule } from 'canarykit';
const result = evaluateMetricAlarm(
  { evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'missing' },
  [2],
  'OK',
);
const state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' = result.state;
export const config = defineConfig({ canaries: ['canaries/**/*.canary.ts'] });
export const canary = defineCanary({ name: 'typed', blueprint: 'api', schedule: 'rate(1 minute)', requests: [{ url: 'http://127.0.0.1/' }] });
// @ts-expect-error: the types are real, so an unknown blueprint is an error (were they any, this line would fail)
defineCanary({ name: 'bad', blueprint: 'no-such-blueprint', schedule: 'once' });
export const when: Schedule | undefined = undefined;
console.log(state);
`,
      );
      const r = await npx(['tsc', '-p', '.']);
      expect(r.code, shown(r)).toBe(0);
    },
    5 * MINUTES,
  );

  it(
    'validates and runs a TypeScript api canary, exiting 1 when it fails',
    async () => {
      await write(
        'canary.config.ts',
        `import { defineConfig } from 'canarykit';
export default defineConfig({ canaries: ['canaries/**/*.canary.ts'] });
`,
      );
      await write(
        'canaries/x.canary.ts',
        `import { defineCanary } from 'canarykit';
export default defineCanary({ name: 'x-health', blueprint: 'api', schedule: 'rate(1 minute)', timeout: 30,
  requests: [{ name: 'health', url: '${api.url}', assert: [{ status: 200 }, { jsonPath: '$.ok', op: 'equals', value: true }] }] });
`,
      );
      // Nothing listens on port 1: `canary run` must not need Redis.
      const env = userEnv({ REDIS_URL: 'redis://127.0.0.1:1' });

      const validate = await npx(['canary', 'validate'], env);
      expect(validate.code, shown(validate)).toBe(0);
      expect(validate.stdout).toMatch(/x-health\s+api/);

      api.status.code = 200;
      const passing = await npx(['canary', 'run'], env);
      expect(passing.code, shown(passing)).toBe(0);
      expect(passing.stdout).toMatch(/x-health\s+PASSED/);

      api.status.code = 500;
      const failing = await npx(['canary', 'run'], env);
      expect(failing.code, shown(failing)).toBe(1);
      expect(failing.stdout).toMatch(/x-health\s+FAILED/);
    },
    5 * MINUTES,
  );
});
