import { defineCanary } from 'canarykit';

export default defineCanary({
  name: 'www-home',
  blueprint: 'heartbeat',
  url: 'http://127.0.0.2:8081/',
  expectText: 'Welcome',
  schedule: 'rate(1 second)',
  timeout: 5,
  alarms: [
    {
      name: 'www-down',
      metricName: 'SuccessPercent',
      statistic: 'Average',
      period: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 100,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'missing', // namespace CanaryKit and dimension CanaryName are implied
      alarmActions: ['www-failover', 'ops-webhook'],
      okActions: ['www-failback', 'ops-webhook'],
    },
  ],
});
