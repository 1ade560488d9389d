import { FleetQueryError } from '../core/errors.ts'
import { redactUrl, redactUrlIn } from '../core/redact-url.ts'
import { fetchActiveAlerts } from './alertmanager-alerts.ts'
import type { FleetAlert } from './alertmanager-alerts.ts'
import { fleetFigures, utcDayStartMs } from './fleet-queries.ts'
import type { FigureKey } from './fleet-queries.ts'
import { buildFleetRows } from './fleet-rows.ts'
import type { FleetRow } from './fleet-rows.ts'
import type { PromQueryClient, VectorSample } from './prom-query.ts'

/** Options of a fleet view. */
export interface FleetViewOptions {
  store: PromQueryClient
  /** Alertmanager's base URL (ALERTMANAGER_URL), or null: health is then `unknown` unless a bot is down. */
  alertmanagerUrl: string | null
  /** Answers are reused this long, ms; the page polls at the same period. Default 5000. */
  refreshMs?: number
  /** A bot silent this long is `stale`, ms. Default 60,000 (as the BotDown alert). */
  staleAfterMs?: number
  /** Clock, for tests. Default Date.now. */
  now?: () => number
}

/** What GET /api/fleet answers. */
export interface FleetSnapshot {
  generated_at: number
  refresh_ms: number
  /** True when the store could not be read at the last refresh: `bots` are the last good rows. */
  stale: boolean
  /** When `bots` were read, epoch ms; null before the first good read. */
  data_as_of: number | null
  store: { url: string, ok: boolean, error: string | null }
  alertmanager: { url: string, ok: boolean, error: string | null } | null
  bots: FleetRow[]
}

/**
 * The fleet's front page data: PromQL against the store, alerts from
 * Alertmanager, merged into one row per bot. Refreshes at most once per
 * `refreshMs` however many pages poll (concurrent callers share one
 * refresh); when the store fails it keeps the last good rows and says so.
 */
export class FleetView {
  readonly refreshMs: number
  readonly staleAfterMs: number
  private readonly options: FleetViewOptions
  private readonly now: () => number
  private snapshot: FleetSnapshot | null = null
  private lastGood: { rows: FleetRow[], atMs: number } | null = null
  private inFlight: Promise<FleetSnapshot> | null = null

  constructor (options: FleetViewOptions) {
    this.options = options
    this.refreshMs = options.refreshMs ?? 5000
    this.staleAfterMs = options.staleAfterMs ?? 60_000
    this.now = options.now ?? Date.now
  }

  /** The current snapshot, refreshed when older than `refreshMs`. Never throws. */
  async get (): Promise<FleetSnapshot> {
    const s = this.snapshot
    if (s !== null && this.now() - s.generated_at < this.refreshMs) return s
    this.inFlight ??= this.refresh().finally(() => { this.inFlight = null })
    return await this.inFlight
  }

  private async refresh (): Promise<FleetSnapshot> {
    const nowMs = this.now()
    const { store, alertmanagerUrl } = this.options
    const figures = fleetFigures(utcDayStartMs(nowMs))
    const alertsPromise: Promise<FleetAlert[] | Error> | null = alertmanagerUrl === null
      ? null
      : fetchActiveAlerts(alertmanagerUrl).catch((error: unknown) => error as Error)
    let storeError: string | null = null
    const answers = new Map<FigureKey, VectorSample[]>()
    try {
      const results = await Promise.all(figures.map(async (f) => await store.query(f.expr, nowMs)))
      figures.forEach((f, i) => answers.set(f.key, results[i]))
    } catch (error) {
      storeError = error instanceof FleetQueryError ? error.message : `fleet store ${redactUrl(store.url)}: ${redactUrlIn((error as Error).message, store.url)}`
    }
    const alerts = alertsPromise === null ? null : await alertsPromise
    const alertsOk = Array.isArray(alerts)
    if (storeError === null) {
      this.lastGood = { rows: buildFleetRows(answers, alertsOk ? alerts : null, nowMs, this.staleAfterMs), atMs: nowMs }
    }
    const snapshot: FleetSnapshot = {
      generated_at: nowMs,
      refresh_ms: this.refreshMs,
      stale: storeError !== null,
      data_as_of: this.lastGood?.atMs ?? null,
      store: { url: redactUrl(store.url), ok: storeError === null, error: storeError },
      alertmanager: alertmanagerUrl === null ? null : { url: redactUrl(alertmanagerUrl), ok: alertsOk, error: alertsOk ? null : (alerts as Error | null)?.message ?? null },
      bots: this.lastGood?.rows ?? []
    }
    this.snapshot = snapshot
    return snapshot
  }
}
