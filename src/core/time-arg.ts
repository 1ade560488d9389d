import { InvalidArgumentError } from './errors.ts'

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** Milliseconds in a duration such as `15m`, `1.5h`, `7d`; throws on anything else. */
export function parseDurationMs (argument: string, raw: string): number {
  const m = DURATION.exec(raw.trim())
  if (m === null) throw new InvalidArgumentError(argument, `expected a duration such as 30s, 15m, 24h or 7d, got ${JSON.stringify(raw)}`)
  return Number(m[1]) * UNIT_MS[m[2]]
}

/**
 * A point in time from a query argument: epoch milliseconds (`1735689600000`),
 * an ISO 8601 time (`2026-11-25T10:00:00Z`), or a duration back from `nowMs`
 * (`15m` means fifteen minutes ago).
 */
export function parseTimeArg (argument: string, raw: string, nowMs: number): number {
  const s = raw.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s)
  if (DURATION.test(s)) return nowMs - parseDurationMs(argument, s)
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
  return DURATION.test(raw.trim())
}
