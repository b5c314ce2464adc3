export { BAND_MODEL_DEFAULTS, SEASONALITIES, bandAt, trainBandModel } from './band-model.ts';
export type {
  Band,
  BandModel,
  BandModelOptions,
  CurveShape,
  FittedSeasonality,
  LayerName,
  SeasonalLayer,
  Seasonality,
  TimeRange,
  TrainingSample,
} from './band-model.ts';
export { MAX_BAND_SERIES_POINTS, bandPoints, bandSeries, periodSamples } from './band-series.ts';
export type { BandSeriesPoint } from './band-series.ts';
export { anomalyDetectionSchema, bandModelOptions, checkAnomalyFields } from './anomaly-schema.ts';
export type { AnomalyDetection, AnomalyDetectionInput, AnomalyFieldsInput, IssueSink } from './anomaly-schema.ts';
export {
  RETRAIN_INSUFFICIENT_MS,
  RETRAIN_READY_MS,
  bandModelKey,
  needsRetraining,
  trainingWindow,
} from './training-plan.ts';
export type { BandAlarmIdentity } from './training-plan.ts';
