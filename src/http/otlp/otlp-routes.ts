import { gunzipSync } from 'node:zlib'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { OtlpDecodeError } from '../../core/errors.ts'
import type { MetricsLogger } from '../../logger/metrics-logger.ts'
import { decodeOtlpJson } from './otlp-json.ts'
import { decodeOtlpProtobuf } from './otlp-protobuf.ts'
import { OtlpState, recordOtlp } from './otlp-record.ts'

/** A gzip body may unpack to at most this many bytes: a bound on what one request can make the service hold. */
export const MAX_OTLP_UNPACKED_BYTES = 16 * 1024 * 1024
const PROTOBUF = 'application/x-protobuf'
const JSON_TYPE = 'application/json'

function unpack (request: FastifyRequest, body: Buffer): Buffer {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding === 'identity') return body
  if (encoding !== 'gzip') throw new OtlpDecodeError(`Content-Encoding ${encoding} is not supported: send gzip or none`)
  try {
    return gunzipSync(body, { maxOutputLength: MAX_OTLP_UNPACKED_BYTES })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new OtlpDecodeError(code === 'ERR_BUFFER_TOO_LARGE' ? `the gzip body unpacks past ${MAX_OTLP_UNPACKED_BYTES} bytes` : 'the gzip body is corrupt')
  }
}

/** ExportMetricsPartialSuccess in protobuf: field 1 rejected_data_points (int64), field 2 error_message. */
function partialSuccessProtobuf (rejected: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8')
  const inner = Buffer.concat([Buffer.from([0x08]), varint(rejected), Buffer.from([0x12]), varint(text.length), text])
  return Buffer.concat([Buffer.from([0x0a]), varint(inner.length), inner])
}

function varint (n: number): Buffer {
  const bytes: number[] = []
  while (n >= 0x80) { bytes.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80) }
  bytes.push(n)
  return Buffer.from(bytes)
}

/**
 * OpenTelemetry ingest: `POST /v1/metrics`, OTLP/HTTP in protobuf
 * (`application/x-protobuf`) or JSON (`application/json`), gzip or not, as
 * the OpenTelemetry SDKs' OTLP exporters send it (scope `write`). Answers
 * an `ExportMetricsServiceResponse` in the request's encoding, with
 * `partial_success` when data points were rejected; a body that cannot be
 * read is a 400 `{"error","message"}`. Register at the root: the path is
 * OTLP's, not under /api/metrics.
 */
export async function otlpRoutes (app: FastifyInstance, options: { logger: MetricsLogger }): Promise<void> {
  const state = new OtlpState()
  // This plugin's own parsers: raw bytes, decoded after gunzip (Fastify's JSON parser cannot read gzip).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser([PROTOBUF, JSON_TYPE], { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
  app.post<{ Body: Buffer }>('/v1/metrics', {
    config: { scope: 'write' },
    schema: {
      summary: 'OpenTelemetry metrics (OTLP/HTTP, protobuf or JSON, gzip or not)',
      description: 'Gauges and sums become series under their Prometheus names, attributes as labels; histograms become _count, _sum, _bucket and a series of export means weighted by their observations; exponential histograms the same without _bucket; summaries _count, _sum and quantile series. See docs/api.md.',
      consumes: [PROTOBUF, JSON_TYPE],
      response: {
        200: Type.Object({
          partialSuccess: Type.Optional(Type.Object({ rejectedDataPoints: Type.String(), errorMessage: Type.String() }))
        }, { description: 'ExportMetricsServiceResponse (JSON requests; protobuf requests get it in protobuf)' })
      }
    }
  }, async (request, reply) => {
    const isProtobuf = String(request.headers['content-type'] ?? '').toLowerCase().startsWith(PROTOBUF)
    const body = unpack(request, request.body)
    let batch
    if (isProtobuf) {
      batch = decodeOtlpProtobuf(body)
    } else {
      let doc: unknown
      try {
        doc = JSON.parse(body.toString('utf8'))
      } catch (error) {
        throw new OtlpDecodeError(`the body is not JSON: ${(error as Error).message}`)
      }
      batch = decodeOtlpJson(doc)
    }
    const result = recordOtlp(options.logger, state, batch, Date.now())
    const message = result.firstError ?? ''
    if (isProtobuf) {
      return await reply.type(PROTOBUF).send(result.rejected === 0 ? Buffer.alloc(0) : partialSuccessProtobuf(result.rejected, message))
    }
    return result.rejected === 0 ? {} : { partialSuccess: { rejectedDataPoints: String(result.rejected), errorMessage: message } }
  })
}
