import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js'

/**
 * A request's logger that makes the real child logger (pino's, with the
 * request id bound) only when the request logs something.
 *
 * Why: Fastify gives every request a child logger, and pino's `child()`
 * runs the redaction rules over the bindings and serialises them at once:
 * about 1.5 % of the CPU of a cached read under load, and garbage on every
 * request. Requests are not logged (only errors are), so almost every
 * child was made for nothing. The child made on first use is pino's own,
 * from the app's logger: it has the same redaction rules, so a key in a
 * logged headers object is still never written.
 */
export class LazyRequestLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | null = null
  private readonly parent: FastifyBaseLogger
  private readonly bindings: Bindings
  private readonly options: ChildLoggerOptions

  constructor (parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.parent = parent
    this.bindings = bindings
    this.options = options
  }

  /** Whether the real child logger has been made (something was logged or asked of it). */
  get materialized (): boolean {
    return this.real !== null
  }

  /** The child's level: its own option, else the app logger's, read without making the child. */
  get level (): string {
    return this.real?.level ?? this.options.level ?? this.parent.level
  }

  set level (level: string) {
    this.realChild().level = level
  }

  // Prototype methods, not per-instance closures: the logger is made for every request.
  fatal (...args: unknown[]): void { this.write('fatal', args) }
  error (...args: unknown[]): void { this.write('error', args) }
  warn (...args: unknown[]): void { this.write('warn', args) }
  info (...args: unknown[]): void { this.write('info', args) }
  debug (...args: unknown[]): void { this.write('debug', args) }
  trace (...args: unknown[]): void { this.write('trace', args) }
  silent (...args: unknown[]): void { this.write('silent', args) }

  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.realChild().child(bindings, options)
  }

  private write (level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent', args: unknown[]): void {
    const real = this.realChild()
    Reflect.apply(real[level], real, args)
  }

  private realChild (): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options)
    return this.real
  }
}

/** Fastify's `childLoggerFactory`: a LazyRequestLogger per request. */
export function lazyChildLoggerFactory (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options)
}
