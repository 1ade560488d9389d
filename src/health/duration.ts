import { parseDuration } from '../core/duration.ts'

/**
 * A duration from the config file, in milliseconds: a duration text (`500ms`, `5s`, `1m`,
 * `1h30m`, `1d`; the grammar of core/duration.ts) or a bare number of seconds, as Prometheus
 * configs write them. Returns null for anything else, so that the caller can name the key in
 * its error.
 *
 * @example configDurationMs('1m30s') // 90000
 * @example configDurationMs(2.5)     // 2500
 */
export function configDurationMs (input: unknown): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : null
  if (typeof input !== 'string') return null
  const text = input.trim()
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  return parseDuration(text)
}
