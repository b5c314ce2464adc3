import type { SecretSink } from '../../core/blueprint.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Renders `{{name}}` from `vars` and `{{env.NAME}}` from the environment. Values read from the environment
 * are secrets: they are registered so every report, log and stored record redacts them.
 * An unknown variable is an error (a FAILED step naming it), never an empty string.
 */
export function renderTemplate(
  text: string,
  vars: Readonly<Record<string, string>>,
  secrets: SecretSink,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    if (name.startsWith('env.')) {
      const key = name.slice(4);
      const value = env[key];
      if (value === undefined) throw new TemplateError(`environment variable ${key} is not set (used as {{${name}}})`);
      secrets.add(value);
      return value;
    }
    const value = vars[name];
    if (value === undefined)
      throw new TemplateError(
        `unknown variable {{${name}}}: expected one of ${Object.keys(vars).join(', ') || '(none extracted yet)'}`,
      );
    return value;
  });
}

/** Renders every string inside a JSON-like value. */
export function renderDeep(
  value: unknown,
  vars: Readonly<Record<string, string>>,
  secrets: SecretSink,
  env: NodeJS.ProcessEnv = process.env,
): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars, secrets, env);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars, secrets, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars, secrets, env)]));
  }
  return value;
}
