import { parseDuration } from './duration.ts'
import { InvalidArgumentError } from './errors.ts'

/** Milliseconds in a duration argument such as `15m`, `1.5h`, `1h30m`, `7d`; throws on anything else. */
export function parseDurationArg (argument: string, raw: string): number {
  const ms = parseDuration(raw.trim())
  if (ms === null) throw new InvalidArgumentError(argument, `expected a duration such as 30s, 15m, 24h or 7d, got ${JSON.stringify(raw)}`)
  return ms
}

/**
 * A point in time from a query argument: epoch milliseconds (`1735689600000`),
 * an ISO 8601 time (`2026-11-25T10:00:00Z`), or a duration back from `nowMs`
 * (`15m` means fifteen minutes ago).
 */
export function parseTimeArg (argument: string, raw: string, nowMs: number): number {
  const s = raw.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s)
  const ago = parseDuration(s)
  if (ago !== null) return nowMs - ago
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s)
    if (Number.isFinite(t)) return t
  }
  throw new InvalidArgumentError(argument, `expected epoch milliseconds, an ISO 8601 time or a duration such as 15m, got ${JSON.stringify(raw.slice(0, 64))}`)
}

/**
 * True when `raw` is a duration back from now (`15m`): the time it names
 * moves with the clock, so an answer over it cannot be reused later.
 */
export function isRelativeTimeArg (raw: string): boolean {
  return parseDuration(raw.trim()) !== null
}
