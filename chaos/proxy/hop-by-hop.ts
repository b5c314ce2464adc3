/**
 * Hop-by-hop header handling (RFC 9110 § 7.6.1): the fields that describe one connection are not forwarded, nor
 * any field the `Connection` header names. Headers travel as raw `[name, value, name, value, …]` lists so their
 * case, order and repetitions (`Set-Cookie`) survive the trip.
 */

/** Always connection-specific (RFC 9110 § 7.6.1, plus the non-standard `Proxy-Connection` and `Keep-Alive`). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade']);

/** The header names listed in every `Connection` field of `raw`, lowercased. */
function connectionOptions(raw: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== 'connection') continue;
    for (const token of (raw[i + 1] ?? '').split(',')) {
      const t = token.trim().toLowerCase();
      if (t) named.add(t);
    }
  }
  return named;
}

export interface EndToEndOptions {
  /** Keep `Connection: upgrade` and `Upgrade` (a WebSocket handshake). */
  keepUpgrade?: boolean;
}

/** `raw` without its hop-by-hop fields. */
export function endToEndHeaders(raw: readonly string[], opts: EndToEndOptions = {}): string[] {
  const named = connectionOptions(raw);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (opts.keepUpgrade && lower === 'upgrade') out.push(name, value);
    else if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    else out.push(name, value);
  }
  if (opts.keepUpgrade) out.push('Connection', 'Upgrade');
  return out;
}

/** Whether a raw list has a field (case-insensitive). */
export function hasHeader(raw: readonly string[], name: string): boolean {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) return true;
  return false;
}

/** Adds `value` to a list-valued field (`Via`, `X-Forwarded-For`), after any values it already has. */
export function appendListHeader(raw: string[], name: string, value: string): void {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) {
      raw[i + 1] = `${raw[i + 1] ?? ''}, ${value}`;
      return;
    }
  }
  raw.push(name, value);
}
