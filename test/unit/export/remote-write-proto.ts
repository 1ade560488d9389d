import protobuf from 'protobufjs'

/**
 * The remote-write 1.0 messages as prometheus/prompb defines them (types.proto,
 * remote.proto; gogoproto options left out), decoded with protobufjs: a codec
 * independent of the hand-written encoder under test.
 */
const PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; reserved 2; repeated MetricMetadata metadata = 3; }
message MetricMetadata { int32 type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
message Sample { double value = 1; int64 timestamp = 2; }
message Label { string name = 1; string value = 2; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
`

const WriteRequest = protobuf.parse(PROTO).root.lookupType('prometheus.WriteRequest')

export interface DecodedSeries {
  labels: Array<{ name: string, value: string }>
  samples: Array<{ value: number, timestamp: number }>
}

/** Decodes an uncompressed WriteRequest into plain objects (int64 as number). */
export function decodeWriteRequest (bytes: Uint8Array): DecodedSeries[] {
  const message = WriteRequest.decode(bytes)
  const plain = WriteRequest.toObject(message, { longs: Number, defaults: true }) as { timeseries: DecodedSeries[] }
  return plain.timeseries
}
