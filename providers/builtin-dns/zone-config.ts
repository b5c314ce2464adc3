/** Zod schema of the `dns` config section: listen address and authoritative zones with failover records. */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { isInZone, isValidDnsName, normaliseDnsName } from '../../core/dns-name.ts';

export type DnsRecordType = 'A' | 'AAAA';

/** A record whose answer follows the side (primary/secondary) stored for its name. */
export interface FailoverRecordConfig {
  kind: 'failover';
  name: string;
  type: DnsRecordType;
  ttl: number;
  primary: string[];
  secondary: string[];
}

/** A plain record that always answers the same values. */
export interface StaticRecordConfig {
  kind: 'static';
  name: string;
  type: DnsRecordType;
  ttl: number;
  values: string[];
}

export type DnsRecordConfig = FailoverRecordConfig | StaticRecordConfig;

const U32 = 4_294_967_295;
const ttlSchema = z.number().int().min(0).max(2_147_483_647);
const u32 = z.number().int().min(0).max(U32);

const dnsName = z
  .string()
  .transform(normaliseDnsName)
  .refine(isValidDnsName, { error: 'invalid DNS name (letters, digits, "-", "_"; labels ≤ 63 chars)' });

const addresses = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]).map((a) => a.trim().toLowerCase()));

const validAddress: Record<DnsRecordType, (a: string) => boolean> = {
  A: isIPv4,
  AAAA: (a) => isIPv6(a) && !a.includes('%'),
};

const recordSchema = z
  .strictObject({
    name: dnsName,
    type: z
      .string()
      .transform((t) => t.toUpperCase())
      .pipe(z.enum(['A', 'AAAA'])),
    ttl: ttlSchema.default(60),
    primary: addresses.optional(),
    secondary: addresses.optional(),
    value: addresses.optional(),
  })
  .superRefine((r, ctx) => {
    const failover = r.primary !== undefined || r.secondary !== undefined;
    if (failover && r.value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'use either `value` or `primary`/`secondary`, not both',
        path: ['value'],
      });
    } else if (failover) {
      for (const side of ['primary', 'secondary'] as const) {
        if (r[side] === undefined)
          ctx.addIssue({ code: 'custom', message: `failover record needs \`${side}\``, path: [side] });
      }
    } else if (r.value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'record needs `value` or `primary` + `secondary`', path: ['value'] });
    }
    for (const key of ['primary', 'secondary', 'value'] as const) {
      r[key]?.forEach((a, i) => {
        if (!validAddress[r.type](a)) {
          const family = r.type === 'A' ? 'IPv4' : 'IPv6';
          ctx.addIssue({ code: 'custom', message: `"${a}" is not an ${family} address`, path: [key, i] });
        }
      });
    }
  })
  .transform((r): DnsRecordConfig => {
    const base = { name: r.name, type: r.type, ttl: r.ttl };
    if (r.value !== undefined) return { kind: 'static', ...base, values: r.value };
    return { kind: 'failover', ...base, primary: r.primary ?? [], secondary: r.secondary ?? [] };
  });

const soaSchema = z
  .strictObject({
    /** TTL of the SOA record itself; negative answers are cached for min(ttl, minimum). */
    ttl: ttlSchema.default(60),
    serial: u32.default(1),
    refresh: u32.default(3600),
    retry: u32.default(600),
    expire: u32.default(86_400),
    minimum: u32.default(5),
    mname: dnsName.optional(),
    rname: dnsName.optional(),
  })
  .prefault({});

const zoneSchema = z
  .strictObject({
    name: dnsName,
    /** NS names announced at the apex; default `ns.<zone>`. */
    nameservers: z.array(dnsName).min(1).optional(),
    soa: soaSchema,
    records: z.array(recordSchema).default([]),
  })
  .superRefine((zone, ctx) => {
    const seen = new Set<string>();
    zone.records.forEach((r, i) => {
      if (!isInZone(r.name, zone.name)) {
        ctx.addIssue({
          code: 'custom',
          message: `${r.name} is not inside zone ${zone.name}`,
          path: ['records', i, 'name'],
        });
      }
      const key = `${r.name}/${r.type}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', message: `duplicate ${r.type} record ${r.name}`, path: ['records', i] });
      seen.add(key);
    });
  })
  .transform((zone) => {
    const nameservers = zone.nameservers ?? [`ns.${zone.name}`];
    const { mname, rname, ...timers } = zone.soa;
    return {
      name: zone.name,
      nameservers,
      soa: {
        ...timers,
        mname: mname ?? nameservers[0] ?? `ns.${zone.name}`,
        rname: rname ?? `hostmaster.${zone.name}`,
      },
      records: zone.records,
    };
  });

const listenSchema = z
  .strictObject({
    host: z
      .string()
      .refine((h) => isIP(h) !== 0, { error: 'listen.host must be an IP address' })
      .default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(5353),
  })
  .prefault({});

/** Per-source UDP rate limit (a token bucket per source address; see source-rate-limiter.ts). */
const rateLimitSchema = z
  .strictObject({
    /** Queries per second a source may send, sustained. */
    perSecond: z.number().int().min(1).max(1_000_000).default(1000),
    /** Queries a quiet source may send at once. */
    burst: z.number().int().min(1).max(1_000_000).default(2000),
    /** Every slip-th query over the limit gets an empty truncated answer (retry over TCP) instead of none; 0 = none. */
    slip: z.number().int().min(0).max(10).default(2),
  })
  .prefault({});

export const dnsConfigSchema = z
  .strictObject({
    listen: listenSchema,
    zones: z.array(zoneSchema).min(1),
    /** Milliseconds a TCP client has to complete each request (from the accept, or the previous answer). */
    tcpRequestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** `false` turns the limit off. */
    rateLimit: z.union([rateLimitSchema, z.literal(false)]).default({ perSecond: 1000, burst: 2000, slip: 2 }),
  })
  .superRefine((cfg, ctx) => {
    const names = cfg.zones.map((z) => z.name);
    cfg.zones.forEach((zone, zi) => {
      if (names.indexOf(zone.name) !== zi)
        ctx.addIssue({ code: 'custom', message: `duplicate zone ${zone.name}`, path: ['zones', zi, 'name'] });
      zone.records.forEach((r, ri) => {
        const inner = names.find((n) => n !== zone.name && n.length > zone.name.length && isInZone(r.name, n));
        if (inner) {
          ctx.addIssue({
            code: 'custom',
            message: `${r.name} belongs to the more specific zone ${inner}`,
            path: ['zones', zi, 'records', ri, 'name'],
          });
        }
      });
    });
  });

export type DnsConfigInput = z.input<typeof dnsConfigSchema>;
export type DnsConfig = z.output<typeof dnsConfigSchema>;
export type DnsZoneConfig = DnsConfig['zones'][number];
export type DnsListenConfig = DnsConfig['listen'];

/** Values each failover record name serves per side (A and AAAA of the same name switch together). */
export function failoverTargets(
  zones: readonly DnsZoneConfig[],
): Map<string, { primary: string[]; secondary: string[] }> {
  const out = new Map<string, { primary: string[]; secondary: string[] }>();
  for (const zone of zones) {
    for (const r of zone.records) {
      if (r.kind !== 'failover') continue;
      const t = out.get(r.name) ?? { primary: [], secondary: [] };
      t.primary.push(...r.primary);
      t.secondary.push(...r.secondary);
      out.set(r.name, t);
    }
  }
  return out;
}
