const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `90s`, `15m`, `2h`, `1d`, `1h30m` into milliseconds; throws saying what was expected. */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new Error(`expected a duration like 90s, 15m, 2h, 1d or 1h30m, got ${JSON.stringify(text)}`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0);
  if (ms <= 0) throw new Error(`duration must be positive, got ${JSON.stringify(text)}`);
  return Math.round(ms);
}
