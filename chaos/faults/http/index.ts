import type { ServedFaultPlugin } from '../../../core/fault.ts';
import { httpFaultSchema, type HttpFaultSpec } from './http-fault-schema.ts';

export { httpFaultSchema, type HttpFaultSpec } from './http-fault-schema.ts';

/** The `http` fault: applied by the built-in fault proxy named in `proxy` (see `chaos/proxy/`). */
export const httpFault: ServedFaultPlugin<HttpFaultSpec> = {
  kind: 'served',
  type: 'http',
  schema: httpFaultSchema,
  check(spec, ctx) {
    if (ctx.proxies.includes(spec.proxy)) return [];
    const known = ctx.proxies.length > 0 ? `known proxies: ${ctx.proxies.join(', ')}` : 'no proxies are configured';
    return [{ path: 'proxy', message: `unknown proxy "${spec.proxy}" (${known})` }];
  },
  target: (spec) => `proxy ${spec.proxy}`,
  targets: (spec) => [`proxy:${spec.proxy}`],
};
