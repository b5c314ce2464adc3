import type { z } from 'zod';
import type { StreamRecord } from '../stream-record.ts';

/** What an output knows of the stream it delivers for. */
export interface OutputContext {
  streamName: string;
  accountId: string;
  region: string;
}

/** A sink: sends one delivery's records; throws {@link SinkError} (or anything: retried) when it could not. */
export interface StreamSink {
  send(records: ReadonlyArray<StreamRecord>): Promise<void>;
}

/** An output type: its config schema (the `output` of a metric stream) and how to build its sink. */
export interface StreamOutputPlugin<C extends { type: string }> {
  type: C['type'];
  schema: z.ZodType<C, unknown>;
  create(config: C, ctx: OutputContext): StreamSink;
}

/** A failed send: `retryable: false` (the sink refused the data: HTTP 4xx but 429) drops the delivery, counted. */
export class SinkError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SinkError';
  }
}

export const defineStreamOutput = <C extends { type: string }>(p: StreamOutputPlugin<C>): StreamOutputPlugin<C> => p;
