/**
 * Durations, one grammar for the whole product: the config file, the query arguments, the
 * trading windows and the rate limits. A duration is one or more parts, each a count and a unit,
 * as Prometheus writes them: `500ms`, `30s`, `15m`, `1h30m`, `1.5h`, `7d`, `2w`.
 */

/** Milliseconds in each unit of a duration. */
export const DURATION_UNIT_MS: Readonly<Record<DurationUnit, number>> = Object.freeze({
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000
})

/** A unit of a duration: milliseconds, seconds, minutes, hours, days, weeks. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w'

/** What a caller may narrow: counts may have to be whole numbers (a window named `24h`, not `1.5h`). */
export interface DurationOptions {
  /** Refuse fractional counts such as `1.5h`. Default false. */
  wholeCounts?: boolean
}

// `ms` is tried before `m`, so `5ms` is five milliseconds, not five minutes and a stray `s`.
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g

/**
 * Milliseconds in a duration text, or null when the text is not one (callers name the field in
 * their own error). No spaces, no sign, no bare number: what a bare number means (seconds in the
 * config file, epoch milliseconds in a query) is the caller's to decide.
 *
 * @example parseDuration('1h30m') // 5400000
 * @example parseDuration('1.5h', { wholeCounts: true }) // null
 */
export function parseDuration (text: string, options: DurationOptions = {}): number | null {
  if (!WHOLE.test(text)) return null
  let total = 0
  for (const [, count, unit] of text.matchAll(PART)) {
    if (options.wholeCounts === true && count.includes('.')) return null
    total += Number(count) * DURATION_UNIT_MS[unit as DurationUnit]
  }
  return Math.round(total)
}

/**
 * Milliseconds as the shortest duration text with one unit that divides them evenly (`5s`,
 * `10m`), else in seconds (`1.5s`), for messages.
 *
 * @example formatDuration(90_000) // '90s'
 */
export function formatDuration (ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNIT_MS[unit]
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`
}
