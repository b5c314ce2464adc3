import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { canarykit: fileURLToPath(new URL('./index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    // Quiet logs in tests (and in the CLI processes they spawn, which inherit the environment).
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Project files loaded at run time (through tsx, not Vite) resolve `canarykit` to ./index.ts, as bin/canary.js does.
    poolOptions: { forks: { execArgv: ['--conditions=canarykit-source'] } },
    maxWorkers: 2,
  },
});
