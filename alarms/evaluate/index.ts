export * from './evaluate-metric-alarm.ts';
export { formatDatapointValue } from './format-value.ts';
export {
  formatSeries,
  parseSeries,
  SERIES_COMPARISON_OPERATOR,
  SERIES_THRESHOLD,
  seriesAlarm,
} from './series-notation.ts';
export * from './evaluate-band-alarm.ts';
