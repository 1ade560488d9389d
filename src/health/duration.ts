const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 })

/**
 * Parses a duration as Prometheus writes them (`500ms`, `5s`, `1m`, `1h30m`,
 * `1d`) or a bare number of seconds, into milliseconds. Returns null for
 * anything else, so that the caller can name the key in its error.
 *
 * @example parseDurationMs('1m30s') // 90000
 * @example parseDurationMs(2.5)     // 2500
 */
export function parseDurationMs (input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : null
  if (typeof input !== 'string') return null
  const text = input.trim()
  if (text === '') return null
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  let total = 0
  let rest = text
  // Compound durations: take unit parts from the left until nothing is left.
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/.exec(rest)
    if (m === null) return null
    total += Number(m[1]) * UNIT_MS[m[2]]
    rest = rest.slice(m[0].length)
  }
  return Math.round(total)
}

/**
 * Formats milliseconds as the shortest duration text with one unit when it
 * divides evenly (`5s`, `10m`), else in seconds (`1.5s`), for messages.
 */
export function formatDuration (ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`
}
