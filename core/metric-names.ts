/** The metric vocabulary every run publishes: one namespace, CloudWatch Synthetics' metric and dimension names. */

/** Namespace of the metrics canarykit publishes for canaries, and the default namespace of alarms. */
export const CANARY_NAMESPACE = 'CanaryKit';

export const CanaryMetric = {
  SuccessPercent: 'SuccessPercent',
  Duration: 'Duration',
  Failed: 'Failed',
  /** Published instead of the others by a run that ended in ERROR (our machinery broke). */
  Errors: 'Errors',
} as const;

export const CanaryDimension = {
  CanaryName: 'CanaryName',
  StepName: 'StepName',
} as const;
