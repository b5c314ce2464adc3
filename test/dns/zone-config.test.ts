import { describe, expect, it } from 'vitest';
import { dnsConfigSchema, failoverTargets } from '../../providers/builtin-dns/zone-config.ts';

const zone = (records: unknown[], extra: Record<string, unknown> = {}) => ({
  zones: [{ name: 'demo.test', records, ...extra }],
});
const issues = (input: unknown) => {
  const r = dnsConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('dnsConfigSchema', () => {
  it('applies defaults and normalises names', () => {
    const cfg = dnsConfigSchema.parse({
      zones: [
        {
          name: 'Demo.Test.',
          records: [{ name: 'WWW.demo.test.', type: 'a', primary: '127.0.0.2', secondary: '127.0.0.3' }],
        },
      ],
    });
    expect(cfg.listen).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(cfg.zones[0]).toEqual({
      name: 'demo.test',
      nameservers: ['ns.demo.test'],
      soa: {
        ttl: 60,
        serial: 1,
        refresh: 3600,
        retry: 600,
        expire: 86400,
        minimum: 5,
        mname: 'ns.demo.test',
        rname: 'hostmaster.demo.test',
      },
      records: [
        {
          kind: 'failover',
          name: 'www.demo.test',
          type: 'A',
          ttl: 60,
          primary: ['127.0.0.2'],
          secondary: ['127.0.0.3'],
        },
      ],
    });
  });

  it('accepts the documented example and static records', () => {
    const cfg = dnsConfigSchema.parse({
      listen: { host: '::1', port: 0 },
      zones: [
        {
          name: 'demo.test',
          nameservers: ['ns1.example.net'],
          records: [
            { name: 'www.demo.test', type: 'A', ttl: 5, primary: '127.0.0.2', secondary: '127.0.0.3' },
            { name: 'www.demo.test', type: 'AAAA', ttl: 0, primary: ['2001:DB8::2'], secondary: '::ffff:127.0.0.3' },
            { name: 'demo.test', type: 'A', value: ['192.0.2.1', '192.0.2.2'] },
            { name: '_svc.demo.test', type: 'A', value: '192.0.2.3' },
          ],
        },
      ],
    });
    expect(cfg.zones[0]?.records.map((r) => r.kind)).toEqual(['failover', 'failover', 'static', 'static']);
    expect(cfg.zones[0]?.records[1]).toMatchObject({ primary: ['2001:db8::2'], ttl: 0 });
    expect(cfg.zones[0]?.soa.mname).toBe('ns1.example.net');
    expect(failoverTargets(cfg.zones).get('www.demo.test')).toEqual({
      primary: ['127.0.0.2', '2001:db8::2'],
      secondary: ['127.0.0.3', '::ffff:127.0.0.3'],
    });
  });

  it('validates addresses per type', () => {
    expect(
      issues(zone([{ name: 'www.demo.test', type: 'A', primary: '2001:db8::1', secondary: '127.0.0.300' }])),
    ).toEqual([
      'zones.0.records.0.primary.0: "2001:db8::1" is not an IPv4 address',
      'zones.0.records.0.secondary.0: "127.0.0.300" is not an IPv4 address',
    ]);
    expect(issues(zone([{ name: 'www.demo.test', type: 'AAAA', value: ['127.0.0.1', 'fe80::1%eth0'] }]))).toHaveLength(
      2,
    );
    expect(issues(zone([{ name: 'www.demo.test', type: 'CNAME', value: 'x' }]))).toHaveLength(1);
  });

  it('requires a complete failover pair or a value, not both', () => {
    expect(issues(zone([{ name: 'www.demo.test', type: 'A', primary: '127.0.0.2' }]))).toEqual([
      'zones.0.records.0.secondary: failover record needs `secondary`',
    ]);
    expect(issues(zone([{ name: 'www.demo.test', type: 'A' }]))).toHaveLength(1);
    expect(
      issues(
        zone([{ name: 'www.demo.test', type: 'A', value: '127.0.0.1', primary: '127.0.0.2', secondary: '127.0.0.3' }]),
      ),
    ).toHaveLength(1);
    expect(issues(zone([{ name: 'www.demo.test', type: 'A', value: [] }]))).toHaveLength(1);
  });

  it('checks names, zones, ttl bounds and duplicates', () => {
    const rec = (r: Record<string, unknown>) => ({ name: 'www.demo.test', type: 'A', value: '192.0.2.1', ...r });
    expect(issues(zone([rec({ name: 'www.other.test' })]))).toEqual([
      'zones.0.records.0.name: www.other.test is not inside zone demo.test',
    ]);
    expect(issues(zone([rec({ name: 'xdemo.test' })]))).toHaveLength(1);
    expect(issues(zone([rec({ name: 'bad name.demo.test' })]))).toHaveLength(1);
    expect(issues(zone([rec({ name: '*.demo.test' })]))).toHaveLength(1);
    expect(issues(zone([rec({ ttl: -1 })]))).toHaveLength(1);
    expect(issues(zone([rec({ ttl: 2_147_483_648 })]))).toHaveLength(1);
    expect(issues(zone([rec({ ttl: 1.5 })]))).toHaveLength(1);
    expect(issues(zone([rec({ ttl: 2_147_483_647 })]))).toEqual([]);
    expect(issues(zone([rec({}), rec({ name: 'WWW.demo.test' })]))).toEqual([
      'zones.0.records.1: duplicate A record www.demo.test',
    ]);
    expect(issues(zone([rec({ unknown: 1 })]))).toHaveLength(1);
    expect(issues({ zones: [] })).toHaveLength(1);
    expect(issues({ listen: { host: 'localhost' }, ...zone([]) })).toHaveLength(1);
    expect(issues({ listen: { port: 70000 }, ...zone([]) })).toHaveLength(1);
  });

  it('rejects duplicate zones and records shadowed by a more specific zone', () => {
    expect(issues({ zones: [{ name: 'demo.test' }, { name: 'DEMO.test.' }] })).toEqual([
      'zones.1.name: duplicate zone demo.test',
    ]);
    expect(
      issues({
        zones: [
          { name: 'demo.test', records: [{ name: 'a.sub.demo.test', type: 'A', value: '192.0.2.1' }] },
          { name: 'sub.demo.test' },
        ],
      }),
    ).toEqual(['zones.0.records.0.name: a.sub.demo.test belongs to the more specific zone sub.demo.test']);
  });
});
