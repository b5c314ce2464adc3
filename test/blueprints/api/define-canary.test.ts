import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineCanary } from '../../../index.ts';
import type { CanaryInput } from '../../../config/define.ts';
import type { ApiSettingsInput } from '../../../blueprints/api/index.ts';
import { validate } from './helpers.ts';

// The README example, verbatim: it must type-check (tsc runs over the tests) and validate.
const ordersApi = defineCanary({
  name: 'orders-api',
  blueprint: 'api',
  schedule: 'rate(1 minute)',
  timeout: 30,
  requests: [
    {
      name: 'login',
      method: 'POST',
      url: 'http://127.0.0.1:8000/api/login',
      json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
      assert: [{ status: 200 }, { jsonPath: '$.token', op: 'exists' }],
      extract: { token: '$.token' },
    },
    {
      name: 'orders',
      method: 'GET',
      url: 'http://127.0.0.1:8000/api/orders',
      headers: { authorization: 'Bearer {{token}}' },
      assert: [
        { status: 200 },
        { jsonPath: '$.orders.length', op: '>', value: 0 },
        { responseTimeMs: '<', value: 500 },
      ],
    },
  ],
});

const everyForm = defineCanary({
  name: 'forms',
  blueprint: 'api',
  schedule: 'once',
  requests: [
    {
      url: 'http://127.0.0.1:8000/a',
      query: { page: 1, q: 'x', all: true },
      auth: { basic: { username: 'u', password: '{{env.P}}' } },
      timeout: 2000,
      followRedirects: false,
      assert: [
        { status: [200, 204] },
        { status: '2xx' },
        { status: { min: 200, max: 299 } },
        { header: 'etag' },
        { header: 'content-type', op: 'contains', value: 'json' },
        { jsonPath: '$.a', op: '==', value: { b: [1] } },
        { jsonPath: '$.a' },
        { body: 'matches', value: 'ok' },
        { responseTimeMs: '<=', value: 100 },
      ],
      extract: { etag: { header: 'etag' }, id: { jsonPath: '$.id' }, name: '$.name' },
    },
    {
      method: 'PUT',
      url: 'http://127.0.0.1:8000/b/{{id}}',
      auth: { bearer: '{{token}}' },
      body: 'raw',
      headers: { 'if-match': '{{etag}}' },
    },
  ],
});

// Wrong shapes are type errors (never called: the point is that tsc rejects them).
export const rejected = [
  // prettier-ignore
  // @ts-expect-error unknown operator
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', assert: [{ jsonPath: '$.a', op: '=~', value: 1 }] }] }),
  // prettier-ignore
  // @ts-expect-error unknown method
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', method: 'FETCH' }] }),
  // prettier-ignore
  // @ts-expect-error a request needs a url
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ name: 'no-url' }] }),
  // prettier-ignore
  // @ts-expect-error json is an object or an array
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', method: 'POST', json: 'text' }] }),
  // prettier-ignore
  // @ts-expect-error a status is a number, a list, a class or a range
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', assert: [{ status: true }] }] }),
  // prettier-ignore
  // @ts-expect-error responseTimeMs compares with a number
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', assert: [{ responseTimeMs: '<', value: '5' }] }] }),
  // prettier-ignore
  // @ts-expect-error extraction is a JSONPath string, { jsonPath } or { header }
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once', requests: [{ url: 'http://h/', extract: { t: { cookie: 'sid' } } }] }),
  // prettier-ignore
  // @ts-expect-error requests is required
  () => defineCanary({ name: 'x', blueprint: 'api', schedule: 'once' }),
];

describe('defineCanary with blueprint "api"', () => {
  it('types the settings from the blueprint schema', () => {
    expectTypeOf<Extract<CanaryInput, { blueprint: 'api' }>>().toMatchTypeOf<ApiSettingsInput>();
    expectTypeOf(ordersApi.blueprint).toEqualTypeOf<'api'>();
  });

  it('accepts what it types', () => {
    expect(validate(ordersApi).problems).toEqual([]);
    expect(validate(everyForm).problems).toEqual([]);
    expect(rejected).toHaveLength(8);
  });
});
