import { z } from 'zod';
import type { FaultSpec } from '../../../core/fault.ts';

/** The `http` fault, applied by the fault proxy named `proxy` to the requests it narrows to. */
export interface HttpFaultSpec extends FaultSpec {
  type: 'http';
  /** A proxy name from the config's `proxies`. */
  proxy: string;
  /** Answer this status instead of forwarding. */
  status?: number | undefined;
  /** Wait this long first, then forward (or answer `status`, or reset). */
  latencyMs?: number | undefined;
  /** Close the client's connection without an answer. */
  reset?: true | undefined;
  /** Accept the request and never answer, until the fault ends or the client leaves. */
  blackhole?: true | undefined;
  /** Share of the matching requests it applies to (0–100). */
  percent: number;
  /** Path globs (picomatch, matched against the path without the query); absent = every path. */
  paths?: string[] | undefined;
  /** HTTP methods (any case); absent = every method. */
  methods?: string[] | undefined;
  /** Body of a `status` answer (default: a line naming the fault). */
  body?: string | undefined;
}

const EFFECTS = ['status', 'latencyMs', 'reset', 'blackhole'] as const;

export const httpFaultSchema = z
  .strictObject({
    type: z.literal('http'),
    proxy: z.string().min(1),
    status: z.number().int().min(100).max(599).optional(),
    latencyMs: z.number().int().min(0).max(3_600_000).optional(),
    reset: z.literal(true).optional(),
    blackhole: z.literal(true).optional(),
    percent: z.number().min(0).max(100).default(100),
    paths: z.array(z.string().min(1)).min(1).optional(),
    methods: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z]+$/, 'expected an HTTP method such as GET')
          .transform((m) => m.toUpperCase()),
      )
      .min(1)
      .optional(),
    body: z.string().max(65_536).optional(),
  })
  .superRefine((s, ctx) => {
    if (!EFFECTS.some((k) => s[k] !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'an http fault needs an effect: status, latencyMs, reset: true or blackhole: true',
        path: [],
      });
      return;
    }
    const exclusive = (['status', 'reset', 'blackhole'] as const).filter((k) => s[k] !== undefined);
    if (exclusive.length > 1)
      ctx.addIssue({
        code: 'custom',
        message: `use one of status, reset and blackhole, not ${exclusive.join(' and ')}`,
        path: [exclusive[1] ?? 'status'],
      });
    if (s.blackhole && s.latencyMs !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'latencyMs combines with status or reset; a blackhole never answers',
        path: ['latencyMs'],
      });
    if (s.body !== undefined && s.status === undefined)
      ctx.addIssue({ code: 'custom', message: 'body is the body of a status answer: set status too', path: ['body'] });
  }) satisfies z.ZodType<HttpFaultSpec, unknown>;
