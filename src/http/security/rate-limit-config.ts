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

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Parses `class=max/window` entries separated by commas, window in ms, s, m
 * or h (`read=600/1m,scrape=off,admin=10/30s`), over the defaults.
 */
export function parseRateLimits (spec: string, source: string, base: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  const limits: Record<LimitedClass, RateLimit | null> = { ...base }
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(\w+)=(?:off|(\d+)\/(\d+)(ms|s|m|h))$/.exec(part)
    const cls = m?.[1] as LimitedClass | undefined
    if (m === null || cls === undefined || !(LIMITED_CLASSES as readonly string[]).includes(cls)) {
      throw new ConfigError(source, `${JSON.stringify(part)}: expected class=max/window or class=off, class one of ${LIMITED_CLASSES.join(', ')}, window like 30s or 1m`)
    }
    if (m[2] === undefined) {
      limits[cls] = null
      continue
    }
    const max = Number(m[2])
    const windowMs = Number(m[3]) * UNITS[m[4]]
    if (max < 1 || max > 1_000_000 || windowMs < 100 || windowMs > 86_400_000) {
      throw new ConfigError(source, `${JSON.stringify(part)}: max must be 1..1000000 and the window 100 ms..24 h`)
    }
    limits[cls] = { max, windowMs }
  }
  return Object.freeze(limits)
}
