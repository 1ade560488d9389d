import { parseDuration } from '../../core/duration.ts'
import { ConfigError } from '../../core/errors.ts'
import { LIMITED_CLASSES } from './route-security.ts'
import type { LimitedClass } from './route-security.ts'

/** A request budget: at most `max` requests per `windowMs` per client. */
export interface RateLimit {
  max: number
  windowMs: number
}

/** The budget of each class; null turns a class's limit off. */
export type RateLimits = Readonly<Record<LimitedClass, RateLimit | null>>

/**
 * Defaults, per client (a key, or an IP when anonymous) and per minute.
 * Reads: a dashboard polling ten panels every second. Scrape: a Prometheus
 * pair scraping every second, five times over. Ingest: twenty batches a
 * second. Admin: a person, or a script gone wrong.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  read: { max: 1200, windowMs: 60_000 },
  scrape: { max: 600, windowMs: 60_000 },
  ingest: { max: 1200, windowMs: 60_000 },
  admin: { max: 30, windowMs: 60_000 }
})

/**
 * Parses `class=max/window` entries separated by commas, the window a duration
 * (core/duration.ts: `30s`, `1m`, `1h`), over the defaults:
 * `read=600/1m,scrape=off,admin=10/30s`.
 */
export function parseRateLimits (spec: string, source: string, base: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  const limits: Record<LimitedClass, RateLimit | null> = { ...base }
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(\w+)=(?:off|(\d+)\/(\S+))$/.exec(part)
    const cls = m?.[1] as LimitedClass | undefined
    const windowMs = m?.[3] === undefined ? null : parseDuration(m[3])
    if (m === null || cls === undefined || !(LIMITED_CLASSES as readonly string[]).includes(cls) || (m[2] !== undefined && windowMs === null)) {
      throw new ConfigError(source, `${JSON.stringify(part)}: expected class=max/window or class=off, class one of ${LIMITED_CLASSES.join(', ')}, window like 30s or 1m`)
    }
    if (m[2] === undefined) {
      limits[cls] = null
      continue
    }
    const max = Number(m[2])
    if (windowMs === null || max < 1 || max > 1_000_000 || windowMs < 100 || windowMs > 86_400_000) {
      throw new ConfigError(source, `${JSON.stringify(part)}: max must be 1..1000000 and the window 100 ms..24 h`)
    }
    limits[cls] = { max, windowMs }
  }
  return Object.freeze(limits)
}
