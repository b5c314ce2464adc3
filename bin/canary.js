#!/usr/bin/env node
// Registers tsx so the CLI and the project's TypeScript config and canaries load with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
