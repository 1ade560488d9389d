import { ConfigError } from '../core/errors.ts'
import type { RemoteWriteError } from '../core/errors.ts'
import type { RemoteSample } from './remote-write-encoding.ts'

/** How a `RemoteWriter` is set up. Only `url` and `collect` are required. */
export interface RemoteWriteOptions {
  /** Receiver endpoint, e.g. `http://victoria:8428/api/v1/write` or `http://prometheus:9090/api/v1/write`. */
  url: string
  /** Samples to send, taken once per interval (or a promise of them); may return an empty list. */
  collect: () => Iterable<RemoteSample> | Promise<Iterable<RemoteSample>>
  /** Labels added to every series that does not carry them itself, e.g. `{ job, instance }`. */
  externalLabels?: Readonly<Record<string, string>>
  /** `Authorization: Bearer <token>`. */
  bearerToken?: string
  /** `Authorization: Basic ...`; not together with `bearerToken`. */
  basicAuth?: { username: string, password: string }
  /** How often to collect and send, ms (default 15,000: Prometheus' default scrape interval). */
  intervalMs?: number
  /** Samples the queue holds while the receiver is slow or away (default 50,000); the oldest go first. */
  maxQueueSamples?: number
  /** Encoded bytes the queue holds (default 16 MiB). */
  maxQueueBytes?: number
  /** Samples per request (default 2,000, as Prometheus' `max_samples_per_send`). */
  maxBatchSamples?: number
  /** First retry delay after a failure, ms (default 250); doubles per failure. */
  minBackoffMs?: number
  /** Longest retry delay, ms (default 30,000). */
  maxBackoffMs?: number
  /** Timeout of one request, ms (default 10,000); also bounds the last attempt in `stop()`. */
  timeoutMs?: number
  /** Told of failures, once per kind until the next success. Default: a process warning. */
  onError?: (err: RemoteWriteError) => void
  /** User-Agent header. */
  userAgent?: string
}

/** Defaults of the optional settings, with their units in the names' docs above. */
export const REMOTE_WRITE_DEFAULTS = Object.freeze({
  externalLabels: Object.freeze({}) as Readonly<Record<string, string>>,
  intervalMs: 15_000,
  maxQueueSamples: 50_000,
  maxQueueBytes: 16 * 1024 * 1024,
  maxBatchSamples: 2_000,
  minBackoffMs: 250,
  maxBackoffMs: 30_000,
  timeoutMs: 10_000,
  onError: (err: RemoteWriteError): void => { process.emitWarning(err.message, { code: err.code }) },
  userAgent: 'breakout-metrics-remote-write'
})

const POSITIVE_INTEGERS = ['intervalMs', 'maxQueueSamples', 'maxQueueBytes', 'maxBatchSamples', 'minBackoffMs', 'maxBackoffMs', 'timeoutMs'] as const

/** Throws `ConfigError` naming the first bad field. */
export function validateRemoteWriteOptions (options: RemoteWriteOptions): void {
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new ConfigError('remote_write.url', `${JSON.stringify(options.url)} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('remote_write.url', `protocol ${url.protocol} is not http: or https:`)
  }
  if (typeof options.collect !== 'function') throw new ConfigError('remote_write.collect', 'must be a function')
  for (const key of POSITIVE_INTEGERS) {
    const value = options[key]
    if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) {
      throw new ConfigError(`remote_write.${key}`, `${String(value)} is not a positive integer`)
    }
  }
  const min = options.minBackoffMs ?? REMOTE_WRITE_DEFAULTS.minBackoffMs
  const max = options.maxBackoffMs ?? REMOTE_WRITE_DEFAULTS.maxBackoffMs
  if (min > max) throw new ConfigError('remote_write.minBackoffMs', `${min} is above maxBackoffMs ${max}`)
  if (options.bearerToken !== undefined && options.basicAuth !== undefined) {
    throw new ConfigError('remote_write.bearerToken', 'set bearerToken or basicAuth, not both')
  }
  if (options.bearerToken !== undefined && (options.bearerToken === '' || /[\r\n]/.test(options.bearerToken))) {
    throw new ConfigError('remote_write.bearerToken', 'must be non-empty and on one line')
  }
}
