#!/usr/bin/env node
// The `canary` command. Installed from the package, it runs the compiled CLI in dist/. In the repository (the
// TypeScript sources sit next to this file) it runs the sources through tsx, with no build step, and resolves
// `import ... from 'canarykit'` in the project's config and canaries to ./index.ts (the `canarykit-source` condition).
// Either way, the project's own TypeScript files are loaded through tsx at run time (config/import-module.ts).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

if (existsSync(new URL('../cli/main.ts', import.meta.url))) {
  const tsx = await import('tsx/esm/api');
  tsx.register();
  const addSourceCondition = `export function resolve(specifier, context, next) {
    return next(specifier, { ...context, conditions: [...context.conditions, 'canarykit-source'] });
  }`;
  register(`data:text/javascript,${encodeURIComponent(addSourceCondition)}`);
  await import('../cli/main.ts');
} else {
  await import('../dist/cli/main.js');
}
