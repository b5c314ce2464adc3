import type { SyslogMessage } from './syslog-message.ts';

export interface SyslogRule {
  match: { hostname?: string | undefined; appName?: string | undefined };
  group: string;
  /** `{hostname}`, `{appName}` or a literal stream name. */
  stream: string;
}

/** A glob (`*` any run, `?` one character, case-sensitive) as an anchored regular expression. */
export function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

export interface CompiledRule {
  rule: SyslogRule;
  hostname?: RegExp;
  appName?: RegExp;
}

export const compileRules = (rules: readonly SyslogRule[]): CompiledRule[] =>
  rules.map((rule) => ({
    rule,
    ...(rule.match.hostname ? { hostname: globRegex(rule.match.hostname) } : {}),
    ...(rule.match.appName ? { appName: globRegex(rule.match.appName) } : {}),
  }));

/** Where a message goes: the first rule that matches (a missing field matches only a rule without that glob). */
export function route(rules: readonly CompiledRule[], m: SyslogMessage): { group: string; stream: string } | undefined {
  for (const r of rules) {
    if (r.hostname && !(m.hostname !== undefined && r.hostname.test(m.hostname))) continue;
    if (r.appName && !(m.appName !== undefined && r.appName.test(m.appName))) continue;
    const s = r.rule.stream;
    const stream =
      s === '{hostname}' ? (m.hostname ?? 'unknown-host') : s === '{appName}' ? (m.appName ?? 'unknown-app') : s;
    // Stream names cannot hold ':' or '*' (CloudWatch's rule); a hostname such as an IPv6 address can.
    return { group: r.rule.group, stream: stream.replace(/[:*]/g, '_').slice(0, 512) || 'unknown' };
  }
  return undefined;
}
