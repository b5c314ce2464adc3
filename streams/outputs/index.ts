import type { z } from 'zod';
import type { StreamOutputPlugin } from './output.ts';
import { otlpHttp } from './otlp/index.ts';
import { prometheusRemoteWrite } from './prometheus/index.ts';
import { webhook } from './webhook/index.ts';

/** The typed registry of metric-stream outputs: adding one is its folder plus one line here. */
export const streamOutputs = {
  'prometheus-remote-write': prometheusRemoteWrite,
  'otlp-http': otlpHttp,
  webhook,
} satisfies Record<string, { type: string; schema: z.ZodType; create: unknown }>;

export type StreamOutputType = keyof typeof streamOutputs;

export function findStreamOutput(type: string): StreamOutputPlugin<{ type: string }> | undefined {
  return Object.hasOwn(streamOutputs, type)
    ? (streamOutputs[type as StreamOutputType] as unknown as StreamOutputPlugin<{ type: string }>)
    : undefined;
}
