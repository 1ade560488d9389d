import type { FleetAlert } from './alertmanager-alerts.ts'
import type { FigureKey } from './fleet-queries.ts'
import type { VectorSample } from './prom-query.ts'

/** `up`: the store heard from the bot within `staleAfterMs`; `stale`: it has not. */
export type BotPresence = 'up' | 'stale'

/** `down` when stale; else the worst firing alert's severity; `healthy` without one; `unknown` when no Alertmanager is asked. */
export type BotHealth = 'down' | 'critical' | 'warning' | 'healthy' | 'unknown'

/** One bot of the fleet as GET /api/fleet lists it. Money in quote currency, times in epoch ms, durations in seconds. */
export interface FleetRow {
  bot: string
  /** The bot's other labels (BOT_LABELS, job, instance), `bot_url` left out. */
  labels: Record<string, string>
  /** The bot's own dashboard (its `bot_url` label), or null when not known. */
  url: string | null
  status: BotPresence
  last_sample_ms: number | null
  health: BotHealth
  alerts: FleetAlert[]
  today_pnl: number | null
  total_pnl: number | null
  win_rate: number | null
  open_positions: number | null
  closed_trades: number | null
  equity: number | null
  cycle_p99_seconds: number | null
  order_latency_p99_seconds: number | null
}

const NUMERIC: ReadonlyArray<[FigureKey, keyof FleetRow]> = [
  ['today_pnl', 'today_pnl'], ['total_pnl', 'total_pnl'], ['win_rate', 'win_rate'], ['open_positions', 'open_positions'],
  ['closed_trades', 'closed_trades'], ['equity', 'equity'], ['cycle_p99', 'cycle_p99_seconds'], ['order_latency_p99', 'order_latency_p99_seconds']
]

/**
 * Rows from the answers of one refresh (figure -> vector): a bot is listed
 * when the store has heard from it within the remembered range. NaN (a
 * quantile of no observations) is null. `alerts` null: Alertmanager not asked.
 */
export function buildFleetRows (answers: ReadonlyMap<FigureKey, VectorSample[]>, alerts: FleetAlert[] | null, nowMs: number, staleAfterMs: number): FleetRow[] {
  const byBot = (key: FigureKey): Map<string, VectorSample> => {
    const m = new Map<string, VectorSample>()
    for (const s of answers.get(key) ?? []) {
      const bot = s.labels.bot
      if (bot !== undefined && !m.has(bot)) m.set(bot, s)
    }
    return m
  }
  const seen = byBot('last_seen')
  const labels = byBot('labels')
  const figures = NUMERIC.map(([key, field]) => [byBot(key), field] as const)
  const rows: FleetRow[] = []
  for (const [bot, sample] of seen) {
    const own = { ...(labels.get(bot)?.labels ?? {}) }
    delete own.__name__
    delete own.bot
    const url = own.bot_url ?? null
    delete own.bot_url
    const lastMs = Number.isFinite(sample.value) ? Math.round(sample.value * 1000) : null
    const status: BotPresence = lastMs !== null && nowMs - lastMs <= staleAfterMs ? 'up' : 'stale'
    const row: FleetRow = {
      bot,
      labels: own,
      url,
      status,
      last_sample_ms: lastMs,
      health: 'unknown',
      alerts: alerts === null ? [] : alerts.filter((a) => a.labels.bot === bot || (a.labels.bot === undefined && own.instance !== undefined && a.labels.instance === own.instance)),
      today_pnl: null,
      total_pnl: null,
      win_rate: null,
      open_positions: null,
      closed_trades: null,
      equity: null,
      cycle_p99_seconds: null,
      order_latency_p99_seconds: null
    }
    for (const [map, field] of figures) {
      const v = map.get(bot)?.value
      ;(row as unknown as Record<string, number | null>)[field] = v === undefined || !Number.isFinite(v) ? null : v
    }
    row.health = healthOf(row, alerts !== null)
    rows.push(row)
  }
  return rows.sort(worstFirst)
}

function healthOf (row: FleetRow, alertsKnown: boolean): BotHealth {
  if (row.status === 'stale') return 'down'
  if (row.alerts.some((a) => a.severity === 'critical')) return 'critical'
  if (row.alerts.some((a) => a.severity === 'warning')) return 'warning'
  return alertsKnown ? 'healthy' : 'unknown'
}

const RANK: Record<BotHealth, number> = { down: 0, critical: 1, warning: 2, unknown: 3, healthy: 3 }

/** Worst first: down, then critical, then warning; within a class the biggest loss today first, then by name. */
export function worstFirst (a: FleetRow, b: FleetRow): number {
  return RANK[a.health] - RANK[b.health] ||
    (a.today_pnl ?? 0) - (b.today_pnl ?? 0) ||
    (a.bot < b.bot ? -1 : a.bot > b.bot ? 1 : 0)
}
