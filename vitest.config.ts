import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { canarykit: fileURLToPath(new URL('./index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Project files loaded at run time (through tsx, not Vite) resolve `canarykit` to ./index.ts, as bin/canary.js does.
    poolOptions: { forks: { execArgv: ['--conditions=canarykit-source'] } },
    maxWorkers: 2,
  },
});
