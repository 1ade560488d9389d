import { InvalidArgumentError } from '../core/errors.ts'
import type { SeriesPoints } from './downsample.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export const PeakMeasure = { count: 'count', mean: 'mean', max: 'max' } as const
export type PeakMeasure = typeof PeakMeasure[keyof typeof PeakMeasure]

export interface PeaksOptions {
  /** Offset of the local time from UTC, minutes (-840..840); default 0 (UTC). */
  utcOffsetMinutes?: number
  /** What makes an hour busy: points per day (`count`, default: events such as trades), `mean` or `max` value (levels such as CPU). */
  by?: PeakMeasure
  /** Hours listed in `busiest`, 1..24; default 3. */
  top?: number
}

export interface HourOfDay {
  /** 0..23 in the requested offset. */
  hour: number
  count: number
  /** Calendar days (in the offset) that had at least one point in this hour. */
  days: number
  /** count / days: points per day in this hour; 0 when no day had one. */
  count_per_day: number
  mean: number | null
  max: number | null
}

export interface PeaksResult {
  by: PeakMeasure
  utc_offset_minutes: number
  hours: HourOfDay[]
  /** The `top` hours ranked by the measure, highest first (hours with no points left out). */
  busiest: Array<{ hour: number, value: number }>
}

/**
 * Busiest hours of the day over a series' history: for each hour 0..23 the
 * points, points per day, mean and max, and the top hours by `by`.
 *
 * @example
 * peaks(store.read('trade_closed'), { by: 'count', utcOffsetMinutes: 60 }).busiest
 */
export function peaks (points: SeriesPoints, options: PeaksOptions = {}): PeaksResult {
  const offset = options.utcOffsetMinutes ?? 0
  if (!Number.isInteger(offset) || offset < -840 || offset > 840) {
    throw new InvalidArgumentError('utc_offset_minutes', `must be an integer -840..840, got ${String(offset)}`)
  }
  const by = options.by ?? PeakMeasure.count
  if (!Object.values(PeakMeasure).includes(by)) throw new InvalidArgumentError('by', `must be count, mean or max, got ${String(by)}`)
  const top = options.top ?? 3
  if (!Number.isInteger(top) || top < 1 || top > 24) throw new InvalidArgumentError('top', `must be an integer 1..24, got ${String(top)}`)
  const count = new Float64Array(24)
  const sum = new Float64Array(24)
  const max = new Float64Array(24).fill(-Infinity)
  const lastDay = new Float64Array(24).fill(NaN)
  const days = new Float64Array(24)
  const { timesMs, values } = points
  for (let i = 0; i < values.length; i++) {
    const local = timesMs[i] + offset * 60_000
    const day = Math.floor(local / DAY_MS)
    const h = Math.floor((local - day * DAY_MS) / HOUR_MS)
    count[h]++
    sum[h] += values[i]
    if (values[i] > max[h]) max[h] = values[i]
    // Points come in time order, so a day is counted once per hour.
    if (lastDay[h] !== day) { lastDay[h] = day; days[h]++ }
  }
  const hours: HourOfDay[] = []
  for (let h = 0; h < 24; h++) {
    const n = count[h]
    hours.push({ hour: h, count: n, days: days[h], count_per_day: n === 0 ? 0 : n / days[h], mean: n === 0 ? null : sum[h] / n, max: n === 0 ? null : max[h] })
  }
  const measure = (x: HourOfDay): number => by === 'count' ? x.count_per_day : by === 'mean' ? x.mean! : x.max!
  const busiest = hours.filter((x) => x.count > 0)
    .map((x) => ({ hour: x.hour, value: measure(x) }))
    .sort((a, b) => b.value - a.value || a.hour - b.hour)
    .slice(0, top)
  return { by, utc_offset_minutes: offset, hours, busiest }
}
