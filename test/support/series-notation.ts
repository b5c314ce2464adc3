/**
 * The compact series notation of the CloudWatch user guide's missing-data
 * tables: `0 - X - X`, oldest first, where `0` is a non-breaching datapoint,
 * `X` a breaching one and `-` a missing one. Values are produced for an alarm
 * with threshold 0 and `GreaterThanThreshold` (see {@link seriesAlarm}):
 * `0` → 0, `X` → 1, `-` → null.
 */
import type { ComparisonOperator, TreatMissingData } from '../../core/types.ts';
import type { EvaluableAlarm } from '../../alarms/evaluate/evaluation-types.ts';

export const SERIES_THRESHOLD = 0;
export const SERIES_COMPARISON_OPERATOR = 'GreaterThanThreshold' satisfies ComparisonOperator;

/**
 * Parses a series such as `'0 - X - X'` into `[0, null, 1, null, 1]`.
 * Whitespace between symbols is optional (`'0-X-X'` is the same series);
 * `X`/`x` breach, `0`/`O`/`o` do not (the guide writes both `0` and `O`), `-` is missing.
 * @throws SyntaxError on any other character.
 */
export function parseSeries(notation: string): Array<number | null> {
  const values: Array<number | null> = [];
  let position = 0;
  for (const ch of notation) {
    position++;
    if (/\s/.test(ch)) continue;
    if (ch === 'X' || ch === 'x') values.push(1);
    else if (ch === '0' || ch === 'O' || ch === 'o') values.push(0);
    else if (ch === '-') values.push(null);
    else throw new SyntaxError(`Unexpected '${ch}' at char ${position} in series '${notation}' (use 0, X or -)`);
  }
  return values;
}

/** Formats values back into the notation, judged against threshold 0 with `GreaterThanThreshold`. */
export function formatSeries(values: ReadonlyArray<number | null>): string {
  return values.map((v) => (v === null ? '-' : v > SERIES_THRESHOLD ? 'X' : '0')).join(' ');
}

/** An alarm matching the notation: threshold 0, `GreaterThanThreshold`, M out of N. */
export function seriesAlarm(
  datapointsToAlarm: number,
  evaluationPeriods: number,
  treatMissingData: TreatMissingData,
): EvaluableAlarm {
  return {
    evaluationPeriods,
    datapointsToAlarm,
    threshold: SERIES_THRESHOLD,
    comparisonOperator: SERIES_COMPARISON_OPERATOR,
    treatMissingData,
  };
}
