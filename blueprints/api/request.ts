import { renderDeep, renderTemplate } from '../kit/template.ts';
import type { SecretSink } from '../../core/blueprint.ts';
import type { OutgoingRequest } from './http.ts';
import type { ApiRequest } from './settings.ts';

const SENSITIVE_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key)$/i;
export const USER_AGENT = 'canarykit-api-canary';

/**
 * Renders a request's `{{var}}` and `{{env.NAME}}` placeholders (url, query, headers, auth, body) into what is
 * sent. Credentials sent in headers become secrets, so they are redacted wherever they show up in the record
 * (a token also appears in the login response that issued it). Throws a TemplateError for a missing variable.
 */
export function renderRequest(
  req: ApiRequest,
  vars: Readonly<Record<string, string>>,
  secrets: SecretSink,
): Omit<OutgoingRequest, 'timeoutMs'> {
  const render = (text: string) => renderTemplate(text, vars, secrets);
  const rawUrl = render(req.url);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`invalid URL ${JSON.stringify(rawUrl)}: expected an absolute http:// or https:// URL`);
  }
  if (!/^https?:$/.test(url.protocol))
    throw new Error(`invalid URL ${JSON.stringify(rawUrl)}: expected http:// or https://`);
  for (const [key, value] of Object.entries(req.query)) url.searchParams.append(key, render(String(value)));

  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = render(value);
  if (req.auth && 'basic' in req.auth) {
    const { username, password } = req.auth.basic;
    headers.authorization = `Basic ${Buffer.from(`${render(username)}:${render(password)}`).toString('base64')}`;
  } else if (req.auth) {
    headers.authorization = `Bearer ${render(req.auth.bearer)}`;
  }
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(renderDeep(req.json, vars, secrets));
    headers['content-type'] ??= 'application/json';
  } else if (req.body !== undefined) {
    body = render(req.body);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!SENSITIVE_HEADERS.test(name)) continue;
    secrets.add(value);
    const credential = /^\S+\s+(\S.*)$/.exec(value)?.[1]; // `Bearer <token>` → the token alone
    if (credential) secrets.add(credential);
  }
  return {
    method: req.method,
    url: url.href,
    headers,
    ...(body === undefined ? {} : { body }),
    followRedirects: req.followRedirects,
  };
}

/**
 * Variables that some request sends as a credential (in `auth` or an Authorization/Cookie/X-Api-Key header):
 * they are secrets from the moment they are extracted, so even the response that issued them is redacted.
 */
export function credentialVariables(requests: readonly ApiRequest[]): Set<string> {
  const texts = requests.flatMap((r) => [
    ...Object.entries(r.headers)
      .filter(([name]) => SENSITIVE_HEADERS.test(name))
      .map(([, value]) => value),
    ...(r.auth ? ('basic' in r.auth ? [r.auth.basic.username, r.auth.basic.password] : [r.auth.bearer]) : []),
  ]);
  return new Set(texts.flatMap((t) => [...t.matchAll(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g)].map((m) => m[1] ?? '')));
}
