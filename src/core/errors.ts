import { redactUrl, redactUrlIn } from './redact-url.ts'

/**
 * Every error the product raises is one of these classes, with a stable
 * `code` (documented in docs/errors.md) and, where it reaches HTTP, the
 * `statusCode` the API answers with.
 */
export class MetricsError extends Error {
  readonly code: string
  readonly statusCode: number

  constructor (code: string, message: string, statusCode = 500) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.statusCode = statusCode
  }
}

/** A metric name that is empty, too long, or not `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
export class InvalidMetricNameError extends MetricsError {
  constructor (name: unknown, reason: string) {
    super('BM_ERR_INVALID_NAME', `invalid metric name ${JSON.stringify(name)}: ${reason}`, 400)
  }
}

/** A label name or value that cannot be stored (bad name, too long, not a string). */
export class InvalidLabelError extends MetricsError {
  constructor (label: string, reason: string) {
    super('BM_ERR_INVALID_LABEL', `invalid label ${JSON.stringify(label)}: ${reason}`, 400)
  }
}

/** NaN, Infinity or a non-number offered as a point value or timestamp. */
export class InvalidValueError extends MetricsError {
  constructor (name: string, value: unknown, what = 'value') {
    super('BM_ERR_INVALID_VALUE', `metric ${name}: ${what} ${String(value)} is not a finite number`, 400)
  }
}

/** A read of a metric name that was never recorded. */
export class UnknownMetricError extends MetricsError {
  constructor (name: string) {
    super('BM_ERR_UNKNOWN_METRIC', `unknown metric ${JSON.stringify(name)}: nothing has been recorded under this name`, 404)
  }
}

/** A name recorded as one kind (gauge, counter, histogram) and then used as another. */
export class MetricKindConflictError extends MetricsError {
  constructor (name: string, existing: string, wanted: string) {
    super('BM_ERR_KIND_CONFLICT', `metric ${name} is a ${existing}, not a ${wanted}`, 409)
  }
}

/** A new metric name while the store holds its maximum of series: refused, so that names cannot grow memory without bound. */
export class SeriesLimitError extends MetricsError {
  constructor (name: string, maxSeries: number) {
    super('BM_ERR_SERIES_LIMIT', `metric ${name.slice(0, 60)}${name.length > 60 ? '...' : ''}: the store holds its limit of ${maxSeries} series; new metric names are refused until it is cleared`, 422)
  }
}

/** A read or option argument out of its range (last_n, capacity, window). */
export class InvalidArgumentError extends MetricsError {
  constructor (argument: string, message: string) {
    super('BM_ERR_INVALID_ARGUMENT', `${argument}: ${message}`, 400)
  }
}

/** Invalid configuration, found at start: the message names the field. */
export class ConfigError extends MetricsError {
  /** The field as a path of the configuration schema, e.g. `health.rules.cpu_high.warning` or `port`. */
  readonly field: string
  /** What is wrong with the value, without the field. */
  readonly reason: string
  /** Where the value came from: a variable (`HEALTH_INTERVAL`), a flag (`--port`) or a file; null when not known. */
  readonly source: string | null

  /**
   * @example new ConfigError('port', 'must be an integer from 0 to 65535, got "eighty"', 'PORT')
   * // message: config port (from PORT): must be an integer from 0 to 65535, got "eighty"
   */
  constructor (field: string, reason: string, source: string | null = null) {
    super('BM_ERR_CONFIG', `config ${field}${source === null ? '' : ` (from ${source})`}: ${reason}`, 500)
    this.field = field
    this.reason = reason
    this.source = source
  }
}

/** A request without a key, or with a key the service does not know, where keys are configured. */
export class UnauthorizedError extends MetricsError {
  constructor (message: string) {
    super('BM_ERR_UNAUTHORIZED', message, 401)
  }
}

/** A key that is valid but lacks the scope the route needs. */
export class ForbiddenError extends MetricsError {
  readonly scope: string

  constructor (scope: string, message: string) {
    super('BM_ERR_FORBIDDEN', message, 403)
    this.scope = scope
  }
}

/** An admin route asked for while no admin key is configured: refused, with how to configure one. */
export class AdminKeyRequiredError extends MetricsError {
  constructor (route: string) {
    super('BM_ERR_NO_ADMIN_KEY', `${route} needs an admin key and none is configured: set METRICS_API_KEYS=admin:<key> ` +
      '(a random key of at least 16 characters, e.g. `openssl rand -hex 32`) and send it as Authorization: Bearer <key>', 403)
  }
}

/** A request whose Host header is neither a loopback name nor an allowed host while the service runs without keys. */
export class HostNotAllowedError extends MetricsError {
  constructor (host: string) {
    super('BM_ERR_HOST_NOT_ALLOWED', `Host ${JSON.stringify(host.slice(0, 100))} refused: without API keys the service answers only ` +
      'to localhost, 127.0.0.1, [::1] and the names in ALLOWED_HOSTS (a page on another domain could otherwise reach it through DNS rebinding); ' +
      'list this name in ALLOWED_HOSTS (--allowed-hosts) or configure keys', 403)
  }
}

/** A client over its request budget for a route class. */
export class RateLimitedError extends MetricsError {
  constructor (message: string) {
    super('BM_ERR_RATE_LIMITED', message, 429)
  }
}

/** A JSON body nested deeper than the service accepts. */
export class JsonTooDeepError extends MetricsError {
  constructor (maxDepth: number) {
    super('BM_ERR_JSON_TOO_DEEP', `JSON body nested deeper than ${maxDepth} levels`, 400)
  }
}

/** An annotation id that does not exist (GET /compare?around=...). */
export class UnknownAnnotationError extends MetricsError {
  constructor (id: number) {
    super('BM_ERR_UNKNOWN_ANNOTATION', `no annotation with id ${id}`, 404)
  }
}

/**
 * A remote-write request that failed: the receiver answered an error status
 * or could not be reached. Handed to the writer's `onError` hook, never
 * thrown at the caller; `retryable` says whether the batch is tried again.
 */
export class RemoteWriteError extends MetricsError {
  readonly retryable: boolean
  readonly status: number | null

  constructor (message: string, status: number | null, retryable: boolean) {
    super('BM_ERR_REMOTE_WRITE', message, 502)
    this.status = status
    this.retryable = retryable
  }
}

/**
 * A trade event with a missing or malformed field (unknown side, quantity
 * not a positive finite number, ...). `reason` is a stable short code.
 */
export class InvalidTradeEventError extends MetricsError {
  readonly reason: string

  constructor (reason: string, message: string) {
    super('BM_ERR_INVALID_TRADE', `invalid trade event: ${message}`, 400)
    this.reason = reason
  }
}

/**
 * A well-formed trade event that the ledger's state does not allow: an exit
 * with no open position, a reduce larger than the position, ... `reason` is
 * a stable short code (docs/TRADING_METRICS.md lists them).
 */
export class TradeRejectedError extends MetricsError {
  readonly reason: string

  constructor (reason: string, message: string) {
    super('BM_ERR_TRADE_REJECTED', `trade event rejected: ${message}`, 409)
    this.reason = reason
  }
}

/**
 * The database under the data directory cannot be used: unwritable, corrupt,
 * locked by another process, written by a newer version, or an I/O failure
 * while writing. Raised at start instead of running on an empty state; on a
 * write it means the event was not stored (HTTP 503: retry later).
 */
export class PersistenceError extends MetricsError {
  /** `unwritable`, `corrupt`, `locked`, `schema`, `full` or `io`. */
  readonly reason: string
  /** The database file (or data directory) concerned. */
  readonly path: string

  constructor (reason: string, path: string, message: string, options?: { cause?: unknown }) {
    super('BM_ERR_PERSIST', `persistence (${reason}) ${path}: ${message}`, 503)
    this.reason = reason
    this.path = path
    if (options?.cause !== undefined) this.cause = options.cause
  }
}

/** A live stream refused because the service already serves its maximum number of streams. */
export class TooManyStreamsError extends MetricsError {
  constructor (limit: number) {
    super('BM_ERR_TOO_MANY_STREAMS', `too many live streams: at most ${limit} at once; retry later or poll the JSON routes`, 503)
  }
}

/**
 * The fleet's store (a Prometheus-compatible query API) could not answer:
 * unreachable, an error status, or not a Prometheus answer. The fleet view
 * keeps its last good data, marked stale, and says so with the URL.
 */
export class FleetQueryError extends MetricsError {
  /** The query URL concerned, redacted: scheme, host and port (no credentials, path or query). */
  readonly url: string

  constructor (url: string, message: string) {
    const shown = redactUrl(url)
    // fetch's own messages quote the URL it was given.
    super('BM_ERR_FLEET_QUERY', `fleet store ${shown}: ${redactUrlIn(message, url)}`, 502)
    this.url = shown
  }
}

/** An OTLP/HTTP metrics body that cannot be read: not protobuf or JSON as OTLP defines it, bad gzip, or too large unpacked. */
export class OtlpDecodeError extends MetricsError {
  constructor (message: string) {
    super('BM_ERR_OTLP', `OTLP metrics: ${message}`, 400)
  }
}
