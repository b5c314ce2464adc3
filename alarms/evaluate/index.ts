export * from './evaluate-metric-alarm.ts';
export { formatDatapointValue } from './format-value.ts';
export * from './evaluate-band-alarm.ts';
