import { createLogger } from '../../core/logger.ts';
import { MetricStreams } from '../../streams/metric-streams.ts';
import { withClosers } from '../closers.ts';
import type { RoleModule } from './role.ts';

/**
 * Metric streams: one consumer per configured stream in this process, reading the buffer the metric store's write
 * path fills (any process's writes) and delivering to the stream's output. Several processes share each stream.
 */
export const streamsRole: RoleModule = (ctx) =>
  withClosers(async (defer) => {
    const { redis, prefix } = ctx.clients;
    const streams = new MetricStreams({ redis, prefix, log: createLogger('streams') });
    defer(() => streams.close());
    await streams.apply(ctx.project().config.metricStreams);
    return { reload: () => streams.apply(ctx.project().config.metricStreams) };
  });
