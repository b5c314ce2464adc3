/**
 * JSON patterns. Examples from "Filter and Pattern Syntax" (Amazon CloudWatch Logs user guide; the text as kept in
 * awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md): "JSON Metric Filter Examples",
 * "JSON Compound Conditions", "JSON Special Considerations", "Numeric Comparisons", the OR examples and the
 * `{ $.latency = * }` of "Publishing Numerical Values Found in Log Entries".
 */
import { describe, expect, it } from 'vitest';
import { parseFilterPattern } from '../../../logs/pattern/parse-filter-pattern.ts';

function run(
  pattern: string,
  message: string,
): { matched: boolean; extractedValues: Readonly<Record<string, string>> } {
  const compiled = parseFilterPattern(pattern);
  const result = compiled.match(message);
  expect(compiled.test(message), `test() and match() agree for ${pattern}`).toBe(result.matched);
  return result;
}

// "The following is a JSON example:"
const EXAMPLE = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});

// The compound-conditions example.
const COMPOUND = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});

describe('JSON: the user guide examples', () => {
  // "The following filters would match:" — each with what TestMetricFilter extracts.
  it.each([
    ['{ $.eventType = "UpdateTrail" }', { '$.eventType': 'UpdateTrail' }],
    ['{ $.sourceIPAddress != 123.123.* }', { '$.sourceIPAddress': '111.111.111.111' }],
    ['{ $.arrayKey[0] = "value" }', { '$.arrayKey[0]': 'value' }],
    ['{ $.objectList[1].id = 2 }', { '$.objectList[1].id': '2' }],
    ['{ $.SomeObject IS NULL }', {}],
    ['{ $.SomeOtherObject NOT EXISTS }', {}],
    ['{ $.ThisFlag IS TRUE }', { '$.ThisFlag': 'true' }],
  ])('%s matches the example event', (pattern, extractedValues) => {
    expect(run(pattern, EXAMPLE)).toEqual({ matched: true, extractedValues });
  });

  it.each([
    // "If arrayKey is not an array this will be false." / "If objectList is not an array this will be false."
    ['{ $.arrayKey[0] = "value" }', '{"arrayKey": "value"}', false],
    ['{ $.objectList[1].id = 2 }', '{"objectList": {"1": {"id": 2}}}', false],
    // "If the items in objectList are not objects or do not have an id property, this will be false."
    ['{ $.objectList[1].id = 2 }', '{"objectList": [1, 2]}', false],
    ['{ $.objectList[1].id = 2 }', '{"objectList": [{"id": 1}, {"name": "b"}]}', false],
    // "This will only be true is the specified object is set to null."
    ['{ $.SomeObject IS NULL }', '{"SomeObject": "null"}', false],
    ['{ $.SomeObject IS NULL }', '{}', false],
    // "This will only be true if specified object does not exist in log data."
    ['{ $.SomeOtherObject NOT EXISTS }', '{"SomeOtherObject": null}', false],
    // "This also works for boolean filters which check for FALSE value."
    ['{ $.ThisFlag IS FALSE }', EXAMPLE, false],
    ['{ $.ThisFlag IS FALSE }', '{"ThisFlag": false}', true],
    ['{ $.ThisFlag IS TRUE }', '{"ThisFlag": "true"}', false],
  ])('%s against %s → %s', (pattern, message, expected) => {
    expect(run(pattern, message).matched).toBe(expected);
  });

  it.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    [
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }',
      false,
    ],
  ])('compound condition %s → %s ("() > && > ||")', (pattern, expected) => {
    expect(run(pattern, COMPOUND).matched).toBe(expected);
  });

  it('extracts every selector of a matching compound pattern, tested or not', () => {
    const pattern =
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }';
    expect(run(pattern, COMPOUND).extractedValues).toEqual({
      '$.user.email': 'John.Stiles@example.com',
      '$.coordinates[0][1]': '1',
      '$.actions[2]': 'DELETE',
    });
  });

  // "both {$.users = 1} and {$.users != 1} will fail to match a log event where users is an array"
  it.each(['{$.users = 1}', '{$.users != 1}', '{ $.users = * }'])('%s does not match an array value', (pattern) => {
    expect(run(pattern, '{ "users": [1, 2, 3] }').matched).toBe(false);
  });

  it.each([
    ['{ $.latency >= 500 }', '{"latency": 500}', true],
    ['{ $.latency >= 500 }', '{"latency": 499.9}', false],
    ['{ $.numbers[0] < 10e3 }', '{"numbers": [9999]}', true],
    ['{ $.numbers[0] < 10e3 }', '{"numbers": [10000]}', false],
    ['{ $.numbers[0] < 10e-3 }', '{"numbers": [0.009]}', true],
    ['{ $.numbers[0] < 10e-3 }', '{"numbers": [0.01]}', false],
    ['{ $.processes[4].averageRuntime <= 55.5 }', '{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]}', true],
    ['{ $.processes[4].averageRuntime <= 55.5 }', '{"processes": [{"averageRuntime": 1}]}', false],
    ['{ $.errorCode = 400 }', '{"errorCode": 400}', true],
    ['{ $.errorCode = 400 }', '{"errorCode": 400.0}', true],
    ['{ $.errorCode = 400 }', '{"errorCode": 401}', false],
    ['{ $.errorCode != 500 }', '{"errorCode": 400}', true],
    ['{ $.errorCode != 500 }', '{"errorCode": 500}', false],
    ['{ $.latency > +1000 }', '{"latency": 1001}', true],
    ['{ $.latency > +1000 }', '{"latency": 1000}', false],
  ])('numeric comparison %s against %s → %s', (pattern, message, expected) => {
    expect(run(pattern, message).matched).toBe(expected);
  });

  it.each([
    ['{$.foo = bar}', [1]],
    ['{$.foo = baz }', [2]],
    ['{$.foo = bar || $.foo = baz }', [1, 2]],
  ])('OR example %s matches events %j', (pattern, expected) => {
    const events = ['{"foo": "bar"}', '{"foo": "baz"}'];
    expect(events.map((event, i) => (run(pattern, event).matched ? i + 1 : 0)).filter((n) => n > 0)).toEqual(expected);
  });

  // "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName. Ev*ent will only match the
  // actual string Ev*ent."
  it.each([
    ['{ $.name = *Event }', 'PutEvent', true],
    ['{ $.name = *Event }', 'GetEvent', true],
    ['{ $.name = *Event }', 'EventId', false],
    ['{ $.name = Event* }', 'EventId', true],
    ['{ $.name = Event* }', 'EventName', true],
    ['{ $.name = Event* }', 'PutEvent', false],
    ['{ $.name = Ev*ent }', 'Ev*ent', true],
    ['{ $.name = Ev*ent }', 'Event', false],
    ['{ $.name = Ev*ent }', 'EvXent', false],
    ['{ $.name = "*Event" }', 'PutEvent', true],
    ['{ $.name = "\\*Event" }', '*Event', true],
    ['{ $.name = "\\*Event" }', 'PutEvent', false],
    ['{ $.name = *ven* }', 'PutEvents', true],
  ])('wildcard %s against %j → %s', (pattern, name, expected) => {
    expect(run(pattern, JSON.stringify({ name })).matched).toBe(expected);
  });

  it('{ $.latency = * } matches any latency and extracts it for metricValue $.latency', () => {
    expect(run('{ $.latency = * }', '{"latency": 50, "requestType": "GET"}')).toEqual({
      matched: true,
      extractedValues: { '$.latency': '50' },
    });
    expect(run('{ $.latency = * }', '{"requestType": "GET"}').matched).toBe(false);
    expect(run('{ $.latency = * }', '{"latency": null}').matched).toBe(false);
  });
});

describe('JSON: messages and values', () => {
  it.each([
    'not json',
    '',
    '   ',
    '[{"status": 500}]',
    '"status"',
    '500',
    'null',
    '{"status": 500',
    '{"status": 500} trailing',
    'INFO {"status": 500}',
  ])('a message that is not a JSON object (%j) never matches', (message) => {
    expect(run('{ $.status = 500 || $.missing NOT EXISTS }', message)).toEqual({ matched: false, extractedValues: {} });
  });

  it.each([
    // The brief's examples.
    ['{ $.status = 500 }', '{"status": 500}', true],
    ['{ $.latency > 1000 && $.path = "/checkout" }', '{"latency": 1200, "path": "/checkout"}', true],
    ['{ $.latency > 1000 && $.path = "/checkout" }', '{"latency": 900, "path": "/checkout"}', false],
    // Numbers written as strings compare numerically; strings compare with a number's text.
    ['{ $.recipientAccountId = 123456789012 }', '{"recipientAccountId": "123456789012"}', true],
    ['{ $.status = "500" }', '{"status": 500}', true],
    ['{ $.status = 5* }', '{"status": 503}', true],
    ['{ $.status >= 500 }', '{"status": "503"}', true],
    ['{ $.status >= 500 }', '{"status": "high"}', false],
    ['{ $.status != 500 }', '{"status": "high"}', true],
    ['{ $.status < 500 }', '{"status": true}', false],
    // Booleans compare as their text.
    ['{ $.ok = true }', '{"ok": true}', true],
    ['{ $.ok = "true" }', '{"ok": true}', true],
    // Missing selectors: every comparison is false, != too.
    ['{ $.status != 500 }', '{}', false],
    ['{ $.a.b = 1 }', '{"a": 1}', false],
    ['{ $.a.length = 2 }', '{"a": [1, 2]}', false],
    ['{ $.constructor NOT EXISTS }', '{}', true],
    ['{ $.__proto__ NOT EXISTS }', '{}', true],
    ['{ $.toString = * }', '{}', false],
    // Keys with - and _.
    ['{ $.request-id = abc_1 }', '{"request-id": "abc_1"}', true],
    // Keywords are accepted in any case.
    ['{ $.x is null }', '{"x": null}', true],
    ['{ $.x not exists }', '{}', true],
    // Regular expressions in values.
    ['{ $.message = %timeout|refused% }', '{"message": "connection refused"}', true],
    ['{ $.message != %^OK$% }', '{"message": "OK"}', false],
    ['{ $.message != %^OK$% }', '{"message": "OK!"}', true],
    // Whitespace is free.
    ['{$.a=1&&$.b=2}', '{"a": 1, "b": 2}', true],
    ['{\n  $.a = 1\n  || $.b = 2\n}', '{"b": 2}', true],
  ])('%s against %s → %s', (pattern, message, expected) => {
    expect(run(pattern, message).matched).toBe(expected);
  });

  it('extracts strings, numbers and booleans, not nulls, arrays or objects', () => {
    const pattern = '{ $.s = * || $.n = * || $.b IS TRUE || $.z IS NULL || $.arr = 1 || $.obj = 1 || $.gone = 1 }';
    const message = '{"s": "x", "n": 1.50, "b": true, "z": null, "arr": [1], "obj": {"a": 1}}';
    expect(run(pattern, message).extractedValues).toEqual({ '$.s': 'x', '$.n': '1.5', '$.b': 'true' });
  });

  it('parses once and matches many messages with the same compiled pattern', () => {
    const pattern = parseFilterPattern('{ $.level = ERROR && $.code >= 500 }');
    const messages = [
      '{"level":"ERROR","code":503}',
      '{"level":"INFO","code":503}',
      'x',
      '{"level":"ERROR","code":500}',
    ];
    expect(messages.map((m) => pattern.test(m))).toEqual([true, false, false, true]);
    expect(pattern.kind).toBe('json');
  });
});
