/** Formatting of figures for people: units chosen by magnitude, fixed significant digits. */

const MINUS = '\u2212'

/** A number with `digits` significant digits, thousands grouped, no exponent: 1234.5 -> "1,235". */
export function formatNumber (value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  const decimals = abs >= 10 ** digits ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(abs)))
  const text = abs.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.min(decimals, 6) })
  return (value < 0 && text !== '0' ? MINUS : '') + text
}

/** A duration given in seconds, in µs, ms, s or min: 0.0123 -> "12.3 ms". */
export function formatSeconds (seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–'
  const abs = Math.abs(seconds)
  if (abs === 0) return '0 s'
  if (abs < 1e-3) return `${formatNumber(seconds * 1e6)} µs`
  if (abs < 1) return `${formatNumber(seconds * 1e3)} ms`
  if (abs < 120) return `${formatNumber(seconds)} s`
  return `${formatNumber(seconds / 60)} min`
}

/** A percentage given in percent: 12.345 -> "12.3 %". */
export function formatPercent (percent: number | null | undefined, digits = 3): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '–'
  return `${formatNumber(percent, digits)} %`
}

/** A ratio 0..1 as a percentage: 0.5714 -> "57.1 %". */
export function formatRatio (ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : formatPercent(ratio * 100)
}

/** Money in quote currency with a sign and two decimals: -3.1 -> "−3.10", 12 -> "+12.00". */
export function formatMoney (value: number | null | undefined, signed = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  if (text === '0.00') return '0.00'
  if (value < 0) return MINUS + text
  return (signed ? '+' : '') + text
}

const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * A time of day in the browser's zone, with seconds for short ranges:
 * "14:05:09" for a 5-minute view, "14:05" for a day.
 */
export function formatClock (epochMs: number, withSeconds = true): string {
  const d = new Date(epochMs)
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return withSeconds ? `${hm}:${pad(d.getSeconds())}` : hm
}

/**
 * When a trade happened, in the browser's zone: the time of day for today,
 * with the date before it for any other day ("2026-11-28 14:05:09"), since
 * the list also holds trades restored or replayed from earlier days.
 */
export function formatWhen (epochMs: number, nowMs: number): string {
  const d = new Date(epochMs)
  const now = new Date(nowMs)
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate()
  return sameDay ? formatClock(epochMs) : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(epochMs)}`
}

/** How long ago, coarsely: "just now", "42 s ago", "3 min ago", "2 h ago". */
export function formatAgo (epochMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - epochMs) / 1000))
  if (s < 2) return 'just now'
  if (s < 120) return `${s} s ago`
  if (s < 7200) return `${Math.round(s / 60)} min ago`
  return `${Math.round(s / 3600)} h ago`
}

/** A range length in ms as its picker label: 300000 -> "5 min". */
export function formatRange (ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${ms / 1000} s`
}
