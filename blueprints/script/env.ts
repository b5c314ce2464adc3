import type { ScriptEnv } from './context.ts';
import type { RunSecrets } from '../kit/run-secrets.ts';

/** `env('NAME')`: the worker's environment variable, registered as a secret. */
export function scriptEnv(secrets: RunSecrets, source: NodeJS.ProcessEnv = process.env): ScriptEnv {
  return (name, fallback) => {
    const value = source[name];
    if (value !== undefined) {
      secrets.add(value);
      return value;
    }
    if (fallback !== undefined) return fallback;
    throw new Error(`environment variable ${name} is not set (read with env('${name}'))`);
  };
}
