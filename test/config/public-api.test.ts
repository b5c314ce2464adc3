import { describe, expect, it } from 'vitest';
import {
  AlarmRuleSyntaxError,
  defineCanary,
  defineConfig,
  evaluateAlarmRule,
  evaluateMetricAlarm,
  parseAlarmRule,
} from 'canarykit';

describe('the package root exports the documented API', () => {
  it('evaluates a metric alarm without Redis or a clock', () => {
    const r = evaluateMetricAlarm(
      {
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'missing',
      },
      [0, null, 1, null, 1],
      'OK',
    );
    expect(r.state).toBe('OK');
    expect(r.reason).toMatch(/Threshold Crossed/);
  });

  it('parses and evaluates composite rules', () => {
    expect(evaluateAlarmRule('ALARM("a") AND NOT OK(b)', { a: 'ALARM', b: 'INSUFFICIENT_DATA' })).toBe(true);
    expect(() => parseAlarmRule('ALARM(a) AND')).toThrow(AlarmRuleSyntaxError);
    try {
      parseAlarmRule('ALARM(a) AND (OK(b) Oldest');
    } catch (err) {
      expect((err as AlarmRuleSyntaxError).position).toBeGreaterThan(0);
      expect((err as Error).message).toMatch(
        /^Error in AlarmRule \[Unsupported token 'Oldest' at char \d+, must be: '\)'\]$/,
      );
    }
  });

  it('defineConfig and defineCanary return what they were given', () => {
    const c = defineCanary({ name: 'x', blueprint: 'heartbeat', url: 'http://127.0.0.1/', schedule: 'rate(1 minute)' });
    expect(c.name).toBe('x');
    expect(defineConfig({ dataDir: '.x' }).dataDir).toBe('.x');
  });

  it("types each blueprint's settings in defineCanary", () => {
    // @ts-expect-error url must be a string
    const bad = defineCanary({ name: 'x', blueprint: 'heartbeat', url: 5, schedule: 'rate(1 minute)' });
    // @ts-expect-error unknown blueprint
    const unknown = defineCanary({ name: 'x', blueprint: 'heartbeats', url: 'http://x/', schedule: 'once' });
    expect([bad.name, unknown.name]).toEqual(['x', 'x']);
  });
});
