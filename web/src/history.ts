import { getJson, isNotAvailable } from './api.ts'
import type { Capabilities } from './capabilities.ts'
import type { AlertRow, DashboardData, TradeRow } from './dashboard-data.ts'
import { CLOSING_EVENTS } from './dashboard-data.ts'
import { CHARTED_METRICS } from './panels.ts'
import type { SystemSample } from './live-stream.ts'

/** A choice of the time-range picker: its label, length, and the API's duration syntax. */
export interface TimeRange {
  label: string
  ms: number
  since: string
}

export const RANGES: readonly TimeRange[] = [
  { label: '5 min', ms: 5 * 60_000, since: '5m' },
  { label: '1 h', ms: 3_600_000, since: '1h' },
  { label: '24 h', ms: 86_400_000, since: '24h' }
]

/** Closed trade records read from GET /trades: the table shows the newest, the MAE/MFE scatter all. */
export const RECENT_TRADES = 200

/** Points asked per metric: the API's largest `last_n`. */
const LAST_N = 1000

/** A point, or a bucket of a downsampled read. */
interface AnswerRow { timestamp: number, value?: number, min?: number, max?: number, count?: number, first_timestamp?: number }

interface MetricAnswer {
  points?: AnswerRow[]
  /** With `format=columns`: the points as two arrays. */
  timestamps?: number[]
  values?: number[]
  buckets?: AnswerRow[]
}

/**
 * Points of a metric answer as columns (as they come with `format=columns`,
 * which the service then writes without an object per point). Bucketed answers (with `step`)
 * become each bucket's min then max, which is what the charts draw anyway.
 */
export function answerColumns (answer: MetricAnswer): { t: number[], v: number[] } {
  if (answer.buckets === undefined && answer.timestamps !== undefined && answer.values !== undefined) {
    return { t: answer.timestamps, v: answer.values }
  }
  const t: number[] = []
  const v: number[] = []
  const rows = answer.buckets ?? answer.points ?? []
  for (const p of rows) {
    if (typeof p.value === 'number') {
      t.push(p.timestamp)
      v.push(p.value)
    } else if (typeof p.min === 'number' && typeof p.max === 'number') {
      const at = p.first_timestamp ?? p.timestamp
      t.push(at)
      v.push(p.min)
      if (p.count !== 1 && p.max !== p.min) {
        t.push(at + 1e-3)
        v.push(p.max)
      }
    }
  }
  return { t, v }
}

type SeriesMap = Record<string, Array<{ labels: Record<string, string>, points: Array<{ timestamp: number, value: number }> }>>

/**
 * Loads the window's history of every charted metric, the system samples,
 * the labels of the newest points, trades and health. Until the service
 * downsamples (`step`), each metric brings its newest 1,000 points.
 */
export async function loadHistory (data: DashboardData, range: TimeRange, caps: Capabilities): Promise<void> {
  // Short windows hold few enough points to read them all (exact p99s); longer ones are
  // downsampled by the service where it can, into about 500 buckets.
  const step = caps.metricStep && range.ms > 5 * 60_000 ? `${Math.round(range.ms / 1000 / 500)}s` : undefined
  const format = caps.metricColumns ? 'columns' : undefined
  const all = await getJson<{ metrics: SeriesMap }>('/all', { last_n: 50 })
  // Only names with points: a name never recorded answers 404 (and a console error) for nothing.
  const recorded = Object.keys(all.metrics)
  const names = [...CHARTED_METRICS.filter((n) => recorded.includes(n)), ...recorded.filter((n) => n.startsWith('scanner_filter_'))]
  const [system, health, ...answers] = await Promise.all([
    getJson<{ samples: SystemSample[] }>('/system', { since: range.since, last_n: LAST_N }),
    getJson<{ status: string, issues: AlertRow[] }>('/health'),
    ...names.map(async (name) => await getJson<MetricAnswer>(`/metric/${encodeURIComponent(name)}`, { since: range.since, last_n: LAST_N, step, format }))
  ])
  data.metrics.clear()
  names.forEach((name, i) => {
    const c = answerColumns(answers[i])
    data.metric(name).replace(c.t, c.v)
  })
  data.setSystem(system.samples)
  data.health = { status: health.status, issues: health.issues.map((i) => ({ ...i, sinceMs: (i as { since?: number }).since })) }
  for (const [name, series] of Object.entries(all.metrics)) {
    for (const s of series) {
      const last = s.points.at(-1)
      if (last !== undefined) data.noteLabels(name, last.timestamp, s.labels)
    }
  }
  if (!data.tradesFromLedger) {
    const rows: TradeRow[] = []
    for (const name of CLOSING_EVENTS) {
      for (const s of all.metrics[name] ?? []) {
        for (const p of s.points) rows.push({ timeMs: p.timestamp, symbol: s.labels.symbol ?? '?', side: s.labels.side ?? '?', event: name.slice(6), pnl: p.value })
      }
    }
    data.addTrades(rows)
  }
}

/** What the optional panels found: null where the route is not served. */
export interface OptionalResults {
  trading: boolean
  trades: boolean
  alerts: boolean
  annotations: boolean
}

/** Finds the first array of objects in `body` (the answer itself, or one of its fields). */
function firstArray (body: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(body)) return body as Array<Record<string, unknown>>
  if (typeof body === 'object' && body !== null) {
    for (const v of Object.values(body)) if (Array.isArray(v)) return v as Array<Record<string, unknown>>
  }
  return []
}

/** Finds the object holding `key` in `body`, at the top or one level down. */
function objectWith (body: unknown, key: string): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null
  const o = body as Record<string, unknown>
  if (key in o) return o
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null && !Array.isArray(v) && key in v) return v as Record<string, unknown>
  return null
}

const num = (v: unknown): number | undefined => typeof v === 'number' && Number.isFinite(v) ? v : undefined
const str = (v: unknown): string | undefined => typeof v === 'string' ? v : undefined

/**
 * Reads the routes other parts of the service add (trading statistics,
 * the trade list, alerts, annotations) where they exist. A 404 hides that
 * panel's data; it is never an error.
 */
export async function loadOptional (data: DashboardData, range: TimeRange, caps: Capabilities): Promise<OptionalResults> {
  const found: OptionalResults = { trading: false, trades: false, alerts: false, annotations: false }
  const attempt = async (enabled: boolean, what: keyof OptionalResults, load: () => Promise<void>): Promise<void> => {
    if (!enabled) return
    try {
      await load()
      found[what] = true
    } catch (error) {
      if (!isNotAvailable(error)) throw error
    }
  }
  await Promise.all([
    attempt(caps.trading, 'trading', async () => {
      const [windowed, all] = await Promise.all([getJson('/trading', { since: range.since }), getJson('/trading', { window: 'all' })])
      data.tradingStats = objectWith(windowed, 'win_rate')
      data.tradingAll = objectWith(all, 'win_rate')
    }),
    attempt(caps.trades, 'trades', async () => {
      const rows = firstArray(await getJson('/trades', { limit: RECENT_TRADES }))
      data.tradesFromLedger = true
      data.trades = []
      data.addTrades(rows.map((r) => ({
        id: num(r.id),
        timeMs: num(r.closed_at) ?? num(r.timestamp) ?? 0,
        symbol: str(r.symbol) ?? '?',
        side: str(r.side) ?? '?',
        event: r.final === false ? 'reduced' : 'closed',
        pnl: num(r.pnl) ?? 0,
        quantity: num(r.quantity),
        entryPrice: num(r.entry_price),
        exitPrice: num(r.exit_price),
        maePct: num(r.mae_pct),
        mfePct: num(r.mfe_pct)
      })))
    }),
    attempt(caps.alerts, 'alerts', async () => {
      data.alerts = firstArray(await getJson('/alerts')).map((a) => ({
        check: str(a.check) ?? str(a.name) ?? 'alert',
        severity: str(a.severity) ?? 'warning',
        message: str(a.message) ?? str(a.summary) ?? '',
        sinceMs: num(a.since) ?? num(a.timestamp)
      }))
    }),
    attempt(caps.annotations, 'annotations', async () => {
      data.annotations = firstArray(await getJson('/annotations', { since: range.since })).flatMap((a) => {
        const timeMs = num(a.timestamp) ?? num(a.time) ?? num(a.start)
        const text = str(a.text) ?? str(a.title) ?? str(a.message) ?? str(a.description) ?? ''
        return timeMs === undefined ? [] : [{ timeMs, text }]
      })
    })
  ])
  return found
}
