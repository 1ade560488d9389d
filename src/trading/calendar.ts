/** Calendar periods in UTC: days, ISO weeks (starting Monday) and months. */
export const PeriodUnit = {
  day: 'day',
  week: 'week',
  month: 'month'
} as const
export type PeriodUnit = typeof PeriodUnit[keyof typeof PeriodUnit]

export const DAY_MS = 86_400_000

/** Start of the UTC period holding `ms`, epoch ms. */
export function periodStart (ms: number, unit: PeriodUnit): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS
  if (unit === PeriodUnit.day) return day
  if (unit === PeriodUnit.week) {
    // getUTCDay: 0 = Sunday; ISO weeks start on Monday.
    const weekday = (new Date(day).getUTCDay() + 6) % 7
    return day - weekday * DAY_MS
  }
  const d = new Date(day)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

/** Start of the period after the one starting at `startMs`. */
export function nextPeriodStart (startMs: number, unit: PeriodUnit): number {
  if (unit === PeriodUnit.day) return startMs + DAY_MS
  if (unit === PeriodUnit.week) return startMs + 7 * DAY_MS
  const d = new Date(startMs)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}

/** Start of the period before the one starting at `startMs`. */
export function previousPeriodStart (startMs: number, unit: PeriodUnit): number {
  if (unit === PeriodUnit.day) return startMs - DAY_MS
  if (unit === PeriodUnit.week) return startMs - 7 * DAY_MS
  const d = new Date(startMs)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)
}

/** `YYYY-MM-DD` of a UTC time. */
export function utcDate (ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}
