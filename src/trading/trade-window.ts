import { parseDuration } from '../core/duration.ts'
import { InvalidArgumentError } from '../core/errors.ts'

/** What a caller asks for: a named window, or since/until (epoch ms, inclusive). */
export interface WindowQuery {
  /** `all`, or a duration in whole counts: `30m`, `1h`, `24h`, `7d`, `4w`, `1h30m`. */
  window?: string
  sinceMs?: number
  untilMs?: number
}

/** A resolved window: closed interval [sinceMs, untilMs], epoch ms. `sinceMs` is -Infinity for `all`. */
export interface TimeWindow {
  sinceMs: number
  untilMs: number
  /** The window's name as asked (`24h`, `all`), or `custom` for since/until. */
  label: string
}

// Ten years: far past any bot's history, small enough that since stays a safe date.
const MAX_WINDOW_MS = 3660 * 86_400_000

/**
 * Window length in ms for a duration (core/duration.ts) in whole counts (`30m`, `24h`, `7d`,
 * `1h30m`; the window's name is shown as asked, so `1.5h` is refused), null for `all`; throws
 * InvalidArgumentError otherwise.
 */
export function parseWindow (window: string): number | null {
  if (window === 'all') return null
  const ms = parseDuration(window, { wholeCounts: true })
  if (ms === null || ms <= 0) {
    throw new InvalidArgumentError('window', `must be \`all\` or a duration in whole counts of ms, s, m, h, d or w (e.g. 1h, 24h, 7d), got ${JSON.stringify(window)}`)
  }
  if (ms > MAX_WINDOW_MS) throw new InvalidArgumentError('window', `must be at most 3660 days, got ${window}`)
  return ms
}

/**
 * Resolves a query against `nowMs`. `window` ends at `untilMs` (default now);
 * `window` and `sinceMs` exclude each other; no window and no since means all.
 */
export function resolveWindow (query: WindowQuery, nowMs: number): TimeWindow {
  const { window, sinceMs, untilMs } = query
  if (window !== undefined && sinceMs !== undefined) {
    throw new InvalidArgumentError('window', 'give either `window` or `since`, not both')
  }
  for (const [name, v] of [['since', sinceMs], ['until', untilMs]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new InvalidArgumentError(name, `must be epoch milliseconds (finite, >= 0), got ${String(v)}`)
    }
  }
  const until = untilMs ?? nowMs
  if (sinceMs !== undefined) {
    if (sinceMs > until) throw new InvalidArgumentError('since', `must not be after until (${sinceMs} > ${until})`)
    return { sinceMs, untilMs: until, label: 'custom' }
  }
  const length = window === undefined ? null : parseWindow(window)
  if (length === null) return { sinceMs: -Infinity, untilMs: until, label: 'all' }
  return { sinceMs: until - length, untilMs: until, label: window! }
}
