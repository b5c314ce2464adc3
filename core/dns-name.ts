/** Domain-name helpers shared by DNS actions and providers. Names are lowercase, without trailing dot. */

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lowercases and strips one trailing dot (`WWW.Demo.Test.` → `www.demo.test`). */
export function normaliseDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** True for a normalised host-style name: 1–63 char labels of letters, digits, `-`, `_`; at most 253 chars. */
export function isValidDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/** True when `name` equals `zone` or lies below it (both normalised). */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}
