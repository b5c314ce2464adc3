/** `dns`: the built-in DNS server answers SERVFAIL, NXDOMAIN, nothing, or another address for one of its records. */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { isValidDnsName, normaliseDnsName } from '../../../core/dns-name.ts';
import { defineFault, type DnsFaultSpec } from '../../../core/fault.ts';

const answerSchema = z
  .string()
  .trim()
  .transform((a) => {
    const upper = a.toUpperCase();
    if (upper === 'SERVFAIL' || upper === 'NXDOMAIN') return upper;
    if (upper === 'TIMEOUT') return 'timeout';
    return a.toLowerCase();
  })
  .refine(
    (a) => a === 'SERVFAIL' || a === 'NXDOMAIN' || a === 'timeout' || isIPv4(a) || (isIPv6(a) && !a.includes('%')),
    {
      error: 'expected SERVFAIL, NXDOMAIN, timeout or an IPv4/IPv6 address',
    },
  );

export const dnsFaultSchema: z.ZodType<DnsFaultSpec> = z.strictObject({
  type: z.literal('dns'),
  record: z
    .string()
    .transform(normaliseDnsName)
    .refine(isValidDnsName, { error: 'expected a DNS name such as www.demo.test' }),
  answer: answerSchema,
});

export const dnsFault = defineFault<DnsFaultSpec>({
  type: 'dns',
  kind: 'served',
  schema: dnsFaultSchema,
  check(spec, ctx) {
    if (ctx.dnsRecords.includes(spec.record)) return [];
    const known = ctx.dnsRecords.length
      ? `; it serves ${ctx.dnsRecords.join(', ')}`
      : '; it serves no records (no dns section)';
    return [
      { path: 'record', message: `unknown record "${spec.record}": not served by the built-in DNS server${known}` },
    ];
  },
  target: (spec) => `dns ${spec.record}`,
  targets: (spec) => [`dns:${spec.record}`],
});
