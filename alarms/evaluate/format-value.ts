/**
 * Formats a datapoint or threshold for a state reason: integers print plainly
 * (`100`), fractions lose binary noise (`0.1 + 0.2` prints `0.3`), and
 * non-finite values print as JavaScript does (`Infinity`).
 */
export function formatDatapointValue(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}
