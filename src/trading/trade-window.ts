import { InvalidArgumentError } from '../core/errors.ts'

/** What a caller asks for: a named window, or since/until (epoch ms, inclusive). */
export interface WindowQuery {
  /** `all`, or a count and a unit: `30m`, `1h`, `24h`, `7d`, `4w`. */
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

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000
})
const WINDOW = /^([1-9][0-9]{0,5})([mhdw])$/
// Ten years: far past any bot's history, small enough that since stays a safe date.
const MAX_WINDOW_MS = 3660 * 86_400_000

/** Window length in ms for `30m`/`1h`/`7d`/`4w`, null for `all`; throws InvalidArgumentError otherwise. */
export function parseWindow (window: string): number | null {
  if (window === 'all') return null
  const m = WINDOW.exec(window)
  if (m === null) {
    throw new InvalidArgumentError('window', `must be \`all\` or a count and a unit m, h, d or w (e.g. 1h, 24h, 7d), got ${JSON.stringify(window)}`)
  }
  const ms = Number(m[1]) * UNIT_MS[m[2]]
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
