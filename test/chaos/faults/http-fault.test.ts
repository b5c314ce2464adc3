import { describe, expect, it } from 'vitest';
import { httpFault } from '../../../chaos/faults/http/index.ts';
import { matchHttpFault, type ActiveHttpFault } from '../../../chaos/faults/http/match-http-fault.ts';
import { seededRandom } from '../../support/prng.ts';

const parse = (spec: Record<string, unknown>) => httpFault.schema.safeParse({ type: 'http', proxy: 'p', ...spec });
const messages = (spec: Record<string, unknown>) => {
  const r = parse(spec);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the http fault spec', () => {
  it('accepts each effect, latency with status, and applies percent 100 by default', () => {
    expect(parse({ status: 503 }).data).toEqual({ type: 'http', proxy: 'p', status: 503, percent: 100 });
    for (const s of [{ latencyMs: 200 }, { reset: true }, { blackhole: true }, { latencyMs: 100, status: 500 }])
      expect(parse(s).success).toBe(true);
    expect(parse({ status: 503, methods: ['get'] }).data?.methods).toEqual(['GET']);
  });

  it('says what is wrong', () => {
    expect(messages({})).toEqual([
      ': an http fault needs an effect: status, latencyMs, reset: true or blackhole: true',
    ]);
    expect(messages({ status: 503, reset: true })).toEqual([
      'reset: use one of status, reset and blackhole, not status and reset',
    ]);
    expect(messages({ blackhole: true, latencyMs: 5 })[0]).toMatch(/^latencyMs: /);
    expect(messages({ status: 99 })[0]).toMatch(/^status: /);
    expect(messages({ status: 600 })[0]).toMatch(/^status: /);
    expect(messages({ status: 503, percent: 101 })[0]).toMatch(/^percent: /);
    expect(messages({ status: 503, methods: ['GET /'] })[0]).toMatch(/^methods\.0: expected an HTTP method/);
    expect(messages({ reset: true, body: 'x' })[0]).toMatch(/^body: /);
    expect(messages({ status: 503, extra: 1 })[0]).toMatch(/extra/);
  });

  it('check reports an unknown proxy at `proxy` with the known names; target and lock keys', () => {
    const spec = parse({ status: 503 }).data!;
    expect(httpFault.check?.(spec, { proxies: ['www-primary', 'www-secondary'], dnsRecords: [] })).toEqual([
      { path: 'proxy', message: 'unknown proxy "p" (known proxies: www-primary, www-secondary)' },
    ]);
    expect(httpFault.check?.(spec, { proxies: [], dnsRecords: [] })?.[0]?.message).toContain(
      'no proxies are configured',
    );
    expect(httpFault.check?.({ ...spec, proxy: 'www-primary' }, { proxies: ['www-primary'], dnsRecords: [] })).toEqual(
      [],
    );
    expect(httpFault.kind).toBe('served');
    expect(httpFault.target(spec)).toBe('proxy p');
    expect(httpFault.targets(spec)).toEqual(['proxy:p']);
  });
});

let seq = 0;
const fault = (spec: Record<string, unknown>): ActiveHttpFault => ({
  id: `flt-${++seq}`,
  type: 'http',
  spec: { type: 'http', proxy: 'p', percent: 100, ...spec },
  target: 'proxy p',
  targets: ['proxy:p'],
  owner: 't:1',
  injectedAt: '2026-12-03T00:00:00.000Z',
  leaseMs: 30_000,
  expiresAt: Number.MAX_SAFE_INTEGER,
});

describe('matchHttpFault', () => {
  const get = (path: string, method = 'GET') => ({ method, path });

  it('picks the newest fault whose paths and methods select the request', () => {
    const old = fault({ status: 500 });
    const api = fault({ status: 503, paths: ['/api/**'] });
    const post = fault({ status: 502, methods: ['POST'] });
    const all = [old, api, post];
    expect(matchHttpFault(all, get('/api/x', 'POST'))).toBe(post);
    expect(matchHttpFault(all, get('/api/x/y'))).toBe(api);
    expect(matchHttpFault(all, get('/home'))).toBe(old);
    expect(matchHttpFault([api], get('/apiary'))).toBeUndefined();
    expect(matchHttpFault([fault({ status: 503, paths: ['/*.js'] })], get('/app.js'))?.spec.status).toBe(503);
    expect(matchHttpFault([], get('/'))).toBeUndefined();
  });

  it('samples percent with the given random; a miss gives an older fault its turn', () => {
    const older = fault({ status: 500 });
    const some = fault({ status: 503, percent: 25 });
    const random = seededRandom(7);
    const replay = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const expected = replay() * 100 < 25 ? some : older;
      expect(matchHttpFault([older, some], get('/'), random)).toBe(expected);
    }
    expect(matchHttpFault([fault({ status: 503, percent: 0 })], get('/'), () => 0)).toBeUndefined();
    expect(matchHttpFault([fault({ status: 503, percent: 100 })], get('/'), () => 0.999)).toBeDefined();
  });
});
