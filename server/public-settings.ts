const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|api[-_]?key|cookie|routingkey/i;

/**
 * A canary's settings as the API shows them: values under sensitive-looking keys, and the text of steps marked
 * `secret: true`, are masked; functions (a script's `run`) are described, not shown.
 */
export function publicSettings(value: unknown, key = ''): unknown {
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'string')
    return SENSITIVE_KEY.test(key) && !/^\{\{env\.[\w.-]+\}\}$/.test(value) ? '***' : value;
  if (Array.isArray(value)) return value.map((v) => publicSettings(v));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const secretStep = obj.secret === true;
    return Object.fromEntries(
      Object.entries(obj).map(([k, v]) => [
        k,
        secretStep && (k === 'text' || k === 'value') && typeof v === 'string' && !/^\{\{env\.[\w.-]+\}\}$/.test(v)
          ? '***'
          : publicSettings(v, k),
      ]),
    );
  }
  return value;
}
