import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { StatisticsSchema, SystemSampleSchema } from '../schemas.ts'
import type { StatisticsResult } from '../../core/statistics.ts'
import { NO_DATA, summarize } from '../../core/statistics.ts'
import { readMerged } from '../../core/point-set.ts'
import type { MetricsLogger } from '../../logger/metrics-logger.ts'
import type { MetricFamily } from '../../core/metric-family.ts'
import { TradingHeadlineSchema } from '../trading-schemas.ts'
import { TRADE_PNL_METRIC } from '../../logger/trade-points.ts'

/** Points each summary figure is computed over, as the original's default. */
const SUMMARY_POINTS = 100

function stats (logger: MetricsLogger, name: string): StatisticsResult {
  return logger.getMetricsSummary(name, SUMMARY_POINTS)
}

type Headline = Record<string, number | null>

/**
 * The ledger's all-time headline figures, recomputed only when the ledger
 * changed: they scan every closed trade (13 ms for 66,666 of them, see
 * docs/BENCHMARKS.md), and the summary is rebuilt every second.
 */
function headlineCache (): (logger: MetricsLogger) => Headline {
  let cached: { version: number, headline: Headline } | null = null
  return (logger) => {
    const version = logger.trades.version
    if (cached?.version === version) return cached.headline
    const s = logger.getTradingStatistics()
    const headline = {
      closed_trades: s.closed_trades,
      open_positions: s.open_positions,
      total_pnl: s.total_pnl,
      win_rate: s.win_rate,
      profit_factor: s.profit_factor,
      max_drawdown: s.max_drawdown,
      max_drawdown_pct: s.max_drawdown_pct,
      expectancy: s.expectancy
    }
    cached = { version, headline }
    return headline
  }
}

/** The ledger's all-time figures the trading block carries at its top level, as GET /trading?window=all names them. */
const TOP_LEVEL = ['closed_trades', 'total_pnl', 'win_rate', 'profit_factor', 'max_drawdown'] as const

/**
 * Trade events by type, statistics of the realized P&L of the last exits
 * (the `trade_pnl` points: the ledger's P&L of each exit), and the ledger's
 * headline figures, the five main ones also at the top level.
 */
function trading (logger: MetricsLogger, headline: Headline): Record<string, unknown> {
  const events: Record<string, number> = {}
  for (const family of logger.store.allFamilies()) {
    if (!family.name.startsWith('trade_') || family.name === TRADE_PNL_METRIC) continue
    let n = 0
    for (const s of family.series) n += s.totalCount
    events[family.name.slice(6)] = n
  }
  const exits = logger.store.family(TRADE_PNL_METRIC)?.series ?? []
  const points = readMerged(exits, { lastN: SUMMARY_POINTS })
  const block: Record<string, unknown> = {
    events,
    pnl: points.values.length === 0 ? NO_DATA : summarize(points.timesMs, points.values)
  }
  for (const k of TOP_LEVEL) block[k] = headline[k]
  block.stats = headline
  return block
}

const SummarySchema = Type.Object({
  performance: Type.Union([SystemSampleSchema, Type.Null()]),
  engine: Type.Object({ cycle_time: StatisticsSchema, positions: StatisticsSchema, signals: StatisticsSchema, orders: StatisticsSchema }),
  trading: Type.Object({
    events: Type.Record(Type.String(), Type.Integer(), { description: 'trade events recorded, by event type' }),
    pnl: StatisticsSchema,
    closed_trades: Type.Integer({ description: 'closed trade records, all time: as GET /trading?window=all' }),
    total_pnl: Type.Number({ description: 'realized P&L net of fees, all time, quote currency: as GET /trading?window=all' }),
    win_rate: Type.Union([Type.Number(), Type.Null()], { description: 'wins / closed_trades, 0..1: as GET /trading?window=all' }),
    profit_factor: Type.Union([Type.Number(), Type.Null()], { description: 'gross profit / |gross loss|; null without a loss: as GET /trading?window=all' }),
    max_drawdown: Type.Number({ description: 'largest fall of realized P&L from its peak, quote currency: as GET /trading?window=all' }),
    stats: TradingHeadlineSchema
  }, { additionalProperties: true }),
  scanner: Type.Object({ symbols_scanned: StatisticsSchema, candidates_found: StatisticsSchema, scan_time: StatisticsSchema }),
  latency: Type.Object({ order_execution: StatisticsSchema, market_data: StatisticsSchema }),
  bot: Type.Union([Type.Object({
    id: Type.String({ description: 'the bot label of every series (BOT_ID)' }),
    labels: Type.Record(Type.String(), Type.String(), { description: 'the other labels of every series (BOT_LABELS, BOT_URL as bot_url)' })
  }), Type.Null()]),
  timestamp: Type.Number({ description: 'epoch ms' })
})

/** Families the summary reads: its answer can only change when one of them records a point. */
const SUMMARY_PREFIXES = ['engine_', 'scanner_', 'latency_', 'trade_']

/** What a summary was built from: it is served again while all of these are unchanged. */
interface DataVersion {
  /** The store's clear count. */
  generation: number
  /** Points ever recorded into the summarised families. */
  recorded: number
  /** Time of the latest system sample, or 0. */
  sampledMs: number
}

/**
 * The summary's data version, read without allocating: the families it
 * reads are listed once per store shape (families are only ever added,
 * or all dropped by a clear), and each request sums their series' point
 * counts, which walks series, not points.
 */
function dataVersionReader (logger: MetricsLogger): (into: DataVersion) => void {
  let families: MetricFamily[] = []
  let listedGeneration = -1
  let listedCount = -1
  return (into) => {
    const store = logger.store
    if (store.generation !== listedGeneration || store.metricCount !== listedCount) {
      families = []
      for (const family of store.allFamilies()) if (SUMMARY_PREFIXES.some((p) => family.name.startsWith(p))) families.push(family)
      listedGeneration = store.generation
      listedCount = store.metricCount
    }
    let recorded = 0
    for (let f = 0; f < families.length; f++) {
      const series = families[f].series
      for (let i = 0; i < series.length; i++) recorded += series[i].totalCount
    }
    into.generation = listedGeneration
    into.recorded = recorded
    into.sampledMs = logger.getPerformanceSummary()?.timestamp ?? 0
  }
}

/**
 * The summary is served from its last serialised answer while the data is
 * unchanged and the answer is under a second old: dashboards and load
 * balancers polling it then cost a key check, not eleven selections.
 */
const MAX_AGE_MS = 1000

/** GET /summary: the headline figures of every part of the bot, each over its last 100 points. */
export async function summaryRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  // Kept as UTF-8 bytes: a cached answer is then written as it is, not encoded again per request.
  let body: Buffer | null = null
  let builtAtMs = 0
  const built: DataVersion = { generation: -1, recorded: -1, sampledMs: -1 }
  const current: DataVersion = { generation: 0, recorded: 0, sampledMs: 0 }
  const readVersion = dataVersionReader(ctx.logger)
  const headline = headlineCache()
  app.get('/summary', {
    schema: {
      summary: 'Headline statistics of engine, trading, scanner and latency, with the latest system sample',
      response: { 200: SummarySchema }
    }
  }, (_request, reply) => {
    const now = ctx.logger.now()
    readVersion(current)
    if (body === null || current.generation !== built.generation || current.recorded !== built.recorded ||
      current.sampledMs !== built.sampledMs || now - builtAtMs >= MAX_AGE_MS) {
      body = Buffer.from(String(reply.serialize(buildSummary(ctx, now, headline(ctx.logger)))))
      builtAtMs = now
      Object.assign(built, current)
    }
    void reply.type('application/json; charset=utf-8').send(body)
  })
}

function buildSummary (ctx: ApiContext, now: number, headline: Headline): unknown {
  const { logger } = ctx
  return {
    performance: logger.getPerformanceSummary(),
    engine: {
      cycle_time: stats(logger, 'engine_cycle_time'),
      positions: stats(logger, 'engine_positions'),
      signals: stats(logger, 'engine_signals'),
      orders: stats(logger, 'engine_orders')
    },
    trading: trading(logger, headline),
    scanner: {
      symbols_scanned: stats(logger, 'scanner_symbols_scanned'),
      candidates_found: stats(logger, 'scanner_candidates_found'),
      scan_time: stats(logger, 'scanner_scan_time')
    },
    latency: {
      order_execution: stats(logger, 'latency_order_execution'),
      market_data: stats(logger, 'latency_market_data')
    },
    bot: ctx.bot == null ? null : { id: ctx.bot.id, labels: { ...ctx.bot.labels } },
    timestamp: now
  }
}
