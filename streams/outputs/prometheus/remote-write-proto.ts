import protobuf from 'protobufjs';

/**
 * Prometheus remote write 1.0's `prometheus.WriteRequest` (prompb/remote.proto and types.proto, the fields this
 * output sends), for protobufjs.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});

export interface RemoteWriteSeries {
  labels: Array<{ name: string; value: string }>;
  samples: Array<{ value: number; timestamp: number }>;
}

const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** The protobuf encoding of a WriteRequest (not yet snappy-compressed). */
export function encodeWriteRequest(timeseries: ReadonlyArray<RemoteWriteSeries>): Uint8Array {
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish();
}
