import { describe, expect, it } from 'vitest';
import { validate } from './helpers.ts';

const URL = 'http://127.0.0.1:8000/api';
const problemsOf = (requests: unknown, extra: Record<string, unknown> = {}) =>
  validate({ requests, ...extra }).problems;

describe('api blueprint settings', () => {
  it('accepts the README example and fills in the defaults', () => {
    const { definition, problems } = validate({
      name: 'orders-api',
      timeout: 30,
      requests: [
        {
          name: 'login',
          method: 'POST',
          url: `${URL}/login`,
          json: { user: 'u', password: '{{env.SHOP_PASSWORD}}' },
          assert: [{ status: 200 }, { jsonPath: '$.token', op: 'exists' }],
          extract: { token: '$.token' },
        },
        {
          name: 'orders',
          method: 'GET',
          url: `${URL}/orders`,
          headers: { authorization: 'Bearer {{token}}' },
          assert: [
            { status: 200 },
            { jsonPath: '$.orders.length', op: '>', value: 0 },
            { responseTimeMs: '<', value: 500 },
          ],
        },
      ],
    });
    expect(problems).toEqual([]);
    expect(definition?.blueprint).toBe('api');
    expect(definition?.settings).toMatchObject({
      requests: [
        {
          name: 'login',
          method: 'POST',
          followRedirects: true,
          headers: {},
          query: {},
          extract: { token: { jsonPath: '$.token' } },
        },
        {
          name: 'orders',
          assert: [
            { status: 200 },
            { jsonPath: '$.orders.length', op: '>', value: 0 },
            { responseTimeMs: '<', value: 500 },
          ],
        },
      ],
    });
  });

  it('names a request METHOD /path by default and normalizes aliases and headers', () => {
    const { definition, problems } = validate({
      requests: [
        { url: `${URL}/orders?page=1` },
        {
          method: 'DELETE',
          url: '{{base}}/orders/{{id}}',
          assert: [
            { jsonPath: '$.a', op: '==', value: 1 },
            { jsonPath: '$.b', op: '!=', value: 2 },
            { header: 'ETag' },
            { header: 'X-A', value: 'b' },
          ],
        },
      ],
    });
    expect(problems).toEqual([]);
    expect(definition?.settings).toMatchObject({
      requests: [
        { name: 'GET /api/orders', method: 'GET' },
        {
          name: 'DELETE {{base}}/orders/{{id}}',
          assert: [
            { jsonPath: '$.a', op: 'equals', value: 1 },
            { jsonPath: '$.b', op: 'notEquals', value: 2 },
            { header: 'etag', op: 'exists' },
            { header: 'x-a', op: 'equals', value: 'b' },
          ],
        },
      ],
    });
  });

  it('accepts every status form', () => {
    expect(
      problemsOf([
        {
          url: URL,
          assert: [{ status: 204 }, { status: [200, 204] }, { status: '2xx' }, { status: { min: 200, max: 299 } }],
        },
      ]),
    ).toEqual([]);
  });

  it('reports an unknown operator, a bad JSONPath and a bad regex with their places', () => {
    expect(
      problemsOf([
        { url: URL },
        {
          url: URL,
          assert: [
            { status: 200 },
            { jsonPath: '$.ok' },
            { jsonPath: '$.token', op: '=~', value: 'x' },
            { jsonPath: '$.a b', op: 'exists' },
            { body: 'matches', value: '(' },
          ],
        },
      ]),
    ).toEqual([
      'requests[1].assert[2].op: expected one of "exists", "equals", "notEquals", "contains", "matches", "<", "<=", ">", ">=", "==", "!=", got "=~"',
      'requests[1].assert[3].jsonPath: invalid JSONPath "$.a b" at character 5: Expected ".", "..", "[", or [\\t-\\n\\r ] but "b" found.',
      'requests[1].assert[4].value: invalid regular expression "(": Invalid regular expression: /(/: Unterminated group',
    ]);
  });

  it('reports bad assertions of every kind', () => {
    expect(
      problemsOf([
        {
          url: URL,
          assert: [
            { status: '2xy' },
            { status: 99 },
            { status: { min: 300, max: 200 } },
            { status: 'ok!' },
            { header: 'content type' },
            { header: 'etag', op: 'startsWith', value: 'x' },
            { header: 'etag', op: 'contains' },
            { jsonPath: 'token' },
            { jsonPath: '$.n', op: '>', value: '5' },
            { jsonPath: '$.n', op: 'equals' },
            { jsonPath: '$.n', op: 'exists', value: true },
            { body: 'equals', value: 'x' },
            { responseTimeMs: '<' },
            { responseTimeMs: '~', value: 5 },
            { status: 200, header: 'etag' },
            { statusCode: 200 },
            'status 200',
          ],
        },
      ]),
    ).toEqual([
      'requests[0].assert[0].status: expected a status class such as "2xx"',
      'requests[0].assert[1].status: expected an HTTP status code from 100 to 599',
      'requests[0].assert[2].status.max: max must not be below min',
      'requests[0].assert[3].status: expected a status class such as "2xx"',
      'requests[0].assert[4].header: expected an HTTP header name',
      'requests[0].assert[5].op: expected one of "exists", "equals", "contains", "matches", got "startsWith"',
      'requests[0].assert[6].value: required for op "contains"',
      'requests[0].assert[7].jsonPath: invalid JSONPath "token" at character 1: Expected "$" but "t" found.',
      'requests[0].assert[8].value: expected a number to compare with, got "5"',
      'requests[0].assert[9].value: required for op "equals"',
      'requests[0].assert[10].value: op "exists" takes no value',
      'requests[0].assert[11].body: expected one of "contains", "matches", got "equals"',
      'requests[0].assert[12].value: required field is missing (expected a number)',
      'requests[0].assert[13].responseTimeMs: expected one of "<", "<=", ">", ">=", got "~"',
      'requests[0].assert[14]: expected an assertion: an object with one of "status", "header", "jsonPath", "body", "responseTimeMs", not several (status, header)',
      'requests[0].assert[15]: expected an assertion: an object with one of "status", "header", "jsonPath", "body", "responseTimeMs"',
      'requests[0].assert[16]: expected an assertion: an object with one of "status", "header", "jsonPath", "body", "responseTimeMs"',
    ]);
  });

  it('reports bad requests: URL, method, body, auth, timeout, extract, names and unknown fields', () => {
    expect(
      problemsOf(
        [
          { url: 'ftp://example.test/x' },
          { url: '/relative', method: 'FETCH' },
          { url: URL, json: { a: 1 }, body: 'x', method: 'POST' },
          { url: URL, body: 'x' },
          { url: URL, auth: { bearer: 't' }, headers: { Authorization: 'Bearer u' } },
          { url: URL, auth: { digest: 'x' } },
          { url: URL, timeout: 0 },
          {
            url: URL,
            extract: {
              token: 'token',
              etag: { header: 'etag', jsonPath: '$.e' },
              'bad name': '$.x',
              ok: { header: 'etag' },
            },
          },
          { url: URL, jsn: { a: 1 }, headers: { 'bad header': 'x' } },
        ],
        { request: [] },
      ),
    ).toEqual([
      'request: unknown field for blueprint "api"',
      'requests[0].url: expected an absolute http:// or https:// URL',
      'requests[1].method: expected one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", got "FETCH"',
      'requests[1].url: expected an absolute http:// or https:// URL',
      'requests[2].body: use either json or body, not both',
      'requests[3].body: a GET request has no body',
      'requests[4].auth: use either auth or an Authorization header, not both',
      'requests[5].auth: expected auth: an object with one of "basic", "bearer"',
      'requests[6].timeout: expected a positive number of milliseconds',
      'requests[7].extract.token: invalid JSONPath "token" at character 1: Expected "$" but "t" found.',
      'requests[7].extract.etag: expected an extraction: an object with one of "jsonPath", "header", or a string, not several (jsonPath, header)',
      'requests[7].extract.bad name: expected a variable name (letters, digits, _ and -)',
      'requests[8].headers.bad header: expected an HTTP header name',
      'requests[8]: unknown field "jsn"',
    ]);
  });

  it('reports duplicate request names (once the requests are otherwise valid)', () => {
    expect(
      problemsOf([{ name: 'x', url: URL }, { url: `${URL}/a` }, { name: 'x', url: URL }, { url: `${URL}/a?b=1` }]),
    ).toEqual([
      'requests[2].name: duplicate request name "x": names the steps, so must be unique',
      'requests[3].name: duplicate request name "GET /api/a": names the steps, so must be unique',
    ]);
  });

  it('needs at least one request', () => {
    expect(problemsOf([])).toEqual(['requests: expected at least one request']);
    expect(validate({}).problems).toEqual(['requests: required field is missing (expected an array)']);
  });
});
