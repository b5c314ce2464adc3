import { describe, expect, it } from 'vitest';
import { publicSettings } from '../../server/public-settings.ts';

describe('canary settings shown by the API', () => {
  it('masks literal secrets but keeps templates, URLs and ordinary text', () => {
    expect(
      publicSettings({
        url: 'http://127.0.0.1/',
        requests: [
          {
            json: { user: 'u', password: 'hunter2' },
            headers: { authorization: 'Bearer abc' },
            auth: { bearer: '{{env.TOKEN}}' },
          },
        ],
        steps: [
          { action: 'type', selector: '#pw', text: 'literal-pw', secret: true },
          { action: 'type', selector: '#email', text: 'sre@example.test' },
          { action: 'type', selector: '#pw', text: '{{env.PW}}', secret: true },
        ],
        run: async () => {},
      }),
    ).toEqual({
      url: 'http://127.0.0.1/',
      requests: [
        { json: { user: 'u', password: '***' }, headers: { authorization: '***' }, auth: { bearer: '{{env.TOKEN}}' } },
      ],
      steps: [
        { action: 'type', selector: '#pw', text: '***', secret: true },
        { action: 'type', selector: '#email', text: 'sre@example.test' },
        { action: 'type', selector: '#pw', text: '{{env.PW}}', secret: true },
      ],
      run: '[function]',
    });
  });
});
