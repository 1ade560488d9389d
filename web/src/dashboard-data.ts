import type { Annotation } from './chart-types.ts'
import { SeriesBuffer } from './series-buffer.ts'
import type { StreamPayload, SystemSample } from './live-stream.ts'

/** A closed (or partly closed) trade as the table shows it. */
export interface TradeRow {
  /** The ledger's record id (GET /trades); absent for a row read from trade events. */
  id?: number
  timeMs: number
  symbol: string
  side: string
  /** `closed` or `reduced`. */
  event: string
  pnl: number
  quantity?: number
  entryPrice?: number
  exitPrice?: number
  /** Maximum adverse and favourable excursion, percent of the entry price (GET /trades). */
  maePct?: number
  mfePct?: number
}

/** One firing issue or alert, whichever route reported it. */
export interface AlertRow {
  check: string
  severity: string
  message: string
  sinceMs?: number
}

/** Fields of the system samples the dashboard charts. */
export const SYSTEM_FIELDS = ['cpu_percent', 'memory_percent', 'event_loop_lag_p99_ms', 'memory_used_mb'] as const

/** Trade events that realize P&L: the trade table is built from them when GET /trades is not served. */
export const CLOSING_EVENTS = ['trade_closed', 'trade_reduced'] as const

/** The ledger's realized P&L, one point per exit: the equity and drawdown curves are built from it. */
export const PNL_METRIC = 'trade_pnl'

const MAX_TRADES = 200

/**
 * What tells trade rows apart: a ledger row by its record id; a row from trade events, which
 * has none, by its fields and its rank among equal rows of the same list. Points of one
 * millisecond come in one answer (a history read, or a stream update covering a time span), so
 * equal trades are all kept, and an answer read again adds none of them twice.
 */
export function tradeKeys (rows: readonly TradeRow[]): string[] {
  const ranks = new Map<string, number>()
  return rows.map((r) => {
    if (r.id !== undefined) return `#${r.id}`
    const fields = `${r.timeMs}|${r.symbol}|${r.side}|${r.event}|${r.pnl}`
    const rank = ranks.get(fields) ?? 0
    ranks.set(fields, rank + 1)
    return `${fields}|${rank}`
  })
}

/**
 * What the dashboard knows: one buffer per metric name (its labelled
 * series merged), one per system field, the newest labels of each metric
 * (the engine's state), recent trades, health and annotations. History
 * loads replace it; stream updates append to it.
 */
export class DashboardData {
  readonly metrics = new Map<string, SeriesBuffer>()
  readonly system = new Map<string, SeriesBuffer>()
  readonly latestLabels = new Map<string, { timeMs: number, labels: Record<string, string> }>()
  trades: TradeRow[] = []
  /** True when the trade rows came from GET /trades (full rows) rather than trade events. */
  tradesFromLedger = false
  health: { status: string, issues: AlertRow[] } = { status: 'unknown', issues: [] }
  alerts: AlertRow[] | null = null
  annotations: Annotation[] = []
  /** Server statistics from GET /trading, when it exists. */
  tradingStats: Record<string, unknown> | null = null
  /** GET /trading over all history: the risk figures on daily returns. */
  tradingAll: Record<string, unknown> | null = null

  metric (name: string): SeriesBuffer {
    let b = this.metrics.get(name)
    if (b === undefined) {
      b = new SeriesBuffer()
      this.metrics.set(name, b)
    }
    return b
  }

  systemField (field: string): SeriesBuffer {
    let b = this.system.get(field)
    if (b === undefined) {
      b = new SeriesBuffer(5000)
      this.system.set(field, b)
    }
    return b
  }

  /** Names of metrics held whose name starts with `prefix`, sorted. */
  namesWithPrefix (prefix: string): string[] {
    return [...this.metrics.keys()].filter((n) => n.startsWith(prefix)).sort()
  }

  /** Replaces the system buffers with samples (oldest first). */
  setSystem (samples: readonly SystemSample[]): void {
    for (const field of SYSTEM_FIELDS) this.systemField(field).clear()
    this.appendSystem(samples)
  }

  appendSystem (samples: readonly SystemSample[]): void {
    for (const field of SYSTEM_FIELDS) {
      const t: number[] = []
      const v: number[] = []
      for (const s of samples) {
        // Fields by name: SYSTEM_FIELDS lists the sample's numeric fields the charts draw.
        const value = (s as unknown as Record<string, number | null | undefined>)[field]
        if (typeof value === 'number' && typeof s.timestamp === 'number') {
          t.push(s.timestamp)
          v.push(value)
        }
      }
      this.systemField(field).append(t, v)
    }
  }

  noteLabels (name: string, timeMs: number, labels: Record<string, string>): void {
    const known = this.latestLabels.get(name)
    if (known === undefined || known.timeMs <= timeMs) this.latestLabels.set(name, { timeMs, labels })
  }

  /** Adds trade rows, newest first, bounded; rows already held (by `tradeKeys`) are skipped. */
  addTrades (rows: readonly TradeRow[]): void {
    const seen = new Set(tradeKeys(this.trades))
    const keys = tradeKeys(rows)
    const fresh = rows.filter((_, i) => !seen.has(keys[i]))
    if (fresh.length === 0) return
    this.trades = [...this.trades, ...fresh].sort((a, b) => b.timeMs - a.timeMs || (b.id ?? 0) - (a.id ?? 0)).slice(0, MAX_TRADES)
  }

  /** Applies a stream (or poll) update. */
  applyUpdate (payload: StreamPayload): void {
    for (const s of payload.series) {
      if (s.t.length === 0) continue
      this.metric(s.n).append(s.t, s.v)
      this.noteLabels(s.n, s.t[s.t.length - 1], s.l)
      if (!this.tradesFromLedger && (CLOSING_EVENTS as readonly string[]).includes(s.n)) {
        this.addTrades(s.t.map((t, i) => ({ timeMs: t, symbol: s.l.symbol ?? '?', side: s.l.side ?? '?', event: s.n.slice(6), pnl: s.v[i] })))
      }
    }
    this.appendSystem(payload.system)
    this.health = { status: payload.health.status, issues: payload.health.issues }
  }

  /** Drops points older than the window's start from every buffer. */
  trimBefore (sinceMs: number): void {
    for (const b of this.metrics.values()) b.trimBefore(sinceMs)
    for (const b of this.system.values()) b.trimBefore(sinceMs)
  }
}
