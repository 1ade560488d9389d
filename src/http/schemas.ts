import { Type } from 'typebox'

/**
 * Shared JSON schemas: they validate requests (the 400s), shape and speed
 * up responses, and feed the OpenAPI description at /api/docs.
 */
export const ErrorSchema = Type.Object({
  error: Type.String({ description: 'stable error code, see docs/errors.md' }),
  message: Type.String()
}, { $id: 'Error' })

/** Statistics of a selection; `no_data` and `message` instead of figures when it is empty. */
export const StatisticsSchema = Type.Object({
  count: Type.Integer(),
  no_data: Type.Optional(Type.Boolean()),
  message: Type.Optional(Type.String()),
  mean: Type.Optional(Type.Number()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  latest: Type.Optional(Type.Number()),
  stddev: Type.Optional(Type.Number()),
  p50: Type.Optional(Type.Number()),
  p90: Type.Optional(Type.Number()),
  p95: Type.Optional(Type.Number()),
  p99: Type.Optional(Type.Number()),
  first_timestamp: Type.Optional(Type.Number()),
  latest_timestamp: Type.Optional(Type.Number()),
  estimated_count: Type.Optional(Type.Number({ description: 'sampled or weighted metrics: Σ weights, the recorded points or observations the stored points stand for' })),
  sampled: Type.Optional(Type.Object({ mode: Type.String(), rate: Type.Number() }, { description: 'sampled or weighted metrics: the mode and count / estimated_count' }))
}, { description: 'statistics over the selection (docs/statistics.md), or count 0 with no_data true' })

const nullableNumber = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })

export const SystemSampleSchema = Type.Object({
  cpu_percent: nullableNumber('process CPU over the last interval, % of one core'),
  memory_percent: nullableNumber('RSS over total memory, %'),
  memory_used_mb: nullableNumber('RSS, MiB'),
  disk_usage_percent: nullableNumber('filesystem of the data directory, %'),
  active_threads: nullableNumber('OS threads of the process'),
  open_files: nullableNumber('open file descriptors'),
  network_connections: nullableNumber('TCP/UDP sockets'),
  event_loop_lag_p99_ms: nullableNumber('p99 event-loop delay over the interval, ms'),
  heap_used_mb: nullableNumber('V8 heap used, MiB'),
  timestamp: Type.Number({ description: 'epoch ms' })
})

export const PointSchema = Type.Object({
  timestamp: Type.Number({ description: 'epoch ms' }),
  value: Type.Number()
})

export const LabelsSchema = Type.Record(Type.String(), Type.String())

/** `last_n` with its range, as the original: 1..1000, default 100. */
export const LastN = Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'number of newest points, 1..1000' })

export const TimeArg = (what: string): ReturnType<typeof Type.String> =>
  Type.String({ maxLength: 64, description: `${what}: epoch ms, ISO 8601 time, or a duration back from now such as 15m` })

/** A downsampled bucket (docs/ANALYSIS.md): exact count, min, max; mean; last value. */
export const BucketSchema = Type.Object({
  timestamp: Type.Number({ description: 'bucket start, epoch ms' }),
  first_timestamp: Type.Number({ description: 'time of the bucket\'s first point' }),
  count: Type.Integer(),
  min: Type.Number(),
  max: Type.Number(),
  mean: Type.Number(),
  last: Type.Number(),
  estimated_count: Type.Optional(Type.Number({ description: 'sampled metrics: points the bucket stands for' }))
})

/**
 * Serializer of the analysis routes: JSON.stringify rather than the compiled
 * serializer of their response schema. Their figures are computed from
 * recorded values, and values near ±1.8e308 overflow a mean or a slope to
 * Infinity or NaN: JSON.stringify writes those as null, while
 * fast-json-stringify throws on NaN (and on Infinity in a nullable field),
 * which would answer 500. These routes spend their time computing, not
 * serialising. The schemas still describe the answers: a test serialises
 * real answers through them and finds nothing dropped or changed.
 */
export function plainJsonSerializer (): (data: unknown) => string {
  return (data) => JSON.stringify(data)
}
