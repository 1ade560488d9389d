import { Type } from 'typebox'
import { AccountFigureProperties, TradeContextProperties } from './breakdown-schemas.ts'

/**
 * Response schemas of the trading routes: they shape the JSON (fields not
 * listed are not sent) and feed the OpenAPI description. Definitions of
 * every figure: docs/TRADING_METRICS.md.
 */
const num = (description: string): ReturnType<typeof Type.Number> => Type.Number({ description })
const int = (description: string): ReturnType<typeof Type.Integer> => Type.Integer({ description })
const nullable = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const Side = Type.Union([Type.Literal('long'), Type.Literal('short')])

export const RiskFiguresSchema = Type.Object({
  convention: Type.Object({
    risk_free_rate: num('always 0'),
    periods_per_year: num('annualisation of rolling_sharpe_30d (PERIODS_PER_YEAR)'),
    returns: Type.Literal('daily', { description: 'one realized return per UTC day, days without trades as 0' }),
    confidence: num('confidence of var_95 and cvar_95')
  }),
  days: int('daily returns behind the figures'),
  ulcer_index: nullable('root mean square of the daily equity curve\'s drawdowns from its running peak, fraction'),
  recovery_factor: nullable('compounded return of the window over the largest drawdown of the daily equity curve'),
  var_95: nullable('historical value at risk: 5th percentile of daily returns (negative: a loss), fraction'),
  cvar_95: nullable('expected shortfall: mean of the daily returns at or below var_95, fraction'),
  tail_ratio: nullable('|95th percentile| / |5th percentile| of daily returns'),
  kelly_fraction: nullable('p - (1 - p) / b with p the share of up days among non-zero days, b mean up / |mean down|'),
  omega: nullable('sum of positive daily returns over |sum of negative ones| (threshold 0)'),
  rolling_sharpe_30d: nullable('annualised Sharpe ratio of the last 30 daily returns of the window'),
  null_reasons: Type.Record(Type.String(), Type.String(), { description: 'why each null figure is null, by field name' })
}, { description: 'risk figures of daily realized returns, risk-free rate 0; docs/TRADING_METRICS.md' })

export const TradingStatisticsSchema = Type.Object({
  window: Type.Object({
    label: Type.String({ description: 'all, the window asked (24h), or custom' }),
    since: nullable('window start, epoch ms; null for all'),
    until: num('window end, epoch ms'),
    observed_since: nullable('later of since and the first trade event, epoch ms'),
    observed_hours: nullable('hours from observed_since to until')
  }),
  symbol: Type.Union([Type.String(), Type.Null()]),
  side: Type.Union([Side, Type.Null()]),
  closed_trades: int('closed trade records (one per reduce or close) in the window'),
  closed_positions: int('positions whose final close is in the window'),
  open_positions: int('positions open at the window end'),
  orphan_trades: int('records of positions never seen open (reported pnl, unknown holding time); left out of holding_seconds'),
  wins: int('records with pnl above the break-even tolerance'),
  losses: int('records with pnl below minus the tolerance'),
  break_even: int('records with |pnl| within the tolerance; neither wins nor losses'),
  win_rate: nullable('wins / closed_trades, 0..1'),
  total_pnl: num('realized P&L, net of fees, quote currency'),
  avg_pnl: nullable('total_pnl / closed_trades'),
  gross_profit: num('sum of winning P&L, >= 0'),
  gross_loss: num('sum of losing P&L, <= 0'),
  avg_win: nullable('gross_profit / wins'),
  avg_loss: nullable('gross_loss / losses, negative'),
  largest_win: nullable('largest winning P&L'),
  largest_loss: nullable('most negative P&L'),
  profit_factor: nullable('gross_profit / |gross_loss|; null with a reason when there is no loss'),
  expectancy: nullable('expected P&L per trade'),
  payoff_ratio: nullable('avg_win / |avg_loss|'),
  total_fees: num('fees of the records, quote currency'),
  max_drawdown: num('largest fall of realized P&L from its peak in the window, quote currency'),
  max_drawdown_pct: nullable('largest fall of realized equity from its peak, percent (0..100)'),
  max_win_streak: int('longest run of wins'),
  max_loss_streak: int('longest run of losses'),
  trades_per_hour: nullable('closed_trades per observed hour'),
  trades_per_minute: nullable('trades_per_hour / 60'),
  holding_seconds: Type.Object({ mean: nullable('seconds'), median: nullable('seconds'), max: nullable('seconds') },
    { description: 'holding time of the records other than orphans' }),
  starting_balance: nullable('configured starting balance, quote currency'),
  return_days: int('days of returns behind sharpe, sortino, calmar'),
  sharpe: nullable('annualised Sharpe ratio of daily realized returns'),
  sortino: nullable('annualised Sortino ratio of daily realized returns'),
  calmar: nullable('annualised mean daily return over max_drawdown_pct / 100'),
  excursions: Type.Object({
    trades: int('records with excursions (all but orphans)'),
    mae_mean: nullable('mean maximum adverse excursion, quote currency'),
    mfe_mean: nullable('mean maximum favourable excursion, quote currency'),
    mae_pct_mean: nullable('mean MAE, percent of entry'),
    mfe_pct_mean: nullable('mean MFE, percent of entry'),
    r_trades: int('records with an R-multiple (a stop on the opening event)'),
    r_multiple_mean: nullable('mean realized R-multiple'),
    efficiency_trades: int('records with an efficiency (MFE above 0)'),
    efficiency_mean: nullable('mean pnl / MFE'),
    r_distribution: Type.Array(Type.Object({ r: num('lower edge of the 0.5 R bin'), count: int('records in [r, r + 0.5)') }),
      { description: 'R-multiple counts per 0.5 R bin, ascending, empty bins left out' })
  }, { description: 'excursions of the records, docs/TRADING_METRICS.md' }),
  risk: RiskFiguresSchema,
  ...AccountFigureProperties,
  null_reasons: Type.Record(Type.String(), Type.String(), { description: 'why each null figure is null, by field name' })
}, { description: 'trading statistics, docs/TRADING_METRICS.md' })

export const ClosedTradeSchema = Type.Object({
  id: int('record ordinal, 1-based'),
  position_id: int('position ordinal, 1-based'),
  trade_id: Type.Union([Type.String(), Type.Null()]),
  symbol: Type.String(),
  side: Side,
  quantity: num('quantity closed by this record'),
  entry_price: nullable('average entry price of the position; null for an orphan'),
  exit_price: num('price of the reduce or close'),
  opened_at: nullable('epoch ms; null for an orphan'),
  closed_at: num('epoch ms'),
  holding_seconds: nullable('seconds; null for an orphan'),
  fees: num('entry fee share plus exit fees, quote currency'),
  pnl: num('realized P&L net of fees, quote currency'),
  pnl_source: Type.Union([Type.Literal('reported'), Type.Literal('computed')]),
  outcome: Type.Union([Type.Literal('win'), Type.Literal('loss'), Type.Literal('break_even')]),
  final: Type.Boolean({ description: 'true when this record closed the rest of the position' }),
  orphan: Type.Boolean({ description: 'true for the exit of a position the ledger never saw open (docs/TRADING_METRICS.md)' }),
  metadata: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  mae: nullable('maximum adverse excursion of the closed quantity, quote currency; null for an orphan'),
  mfe: nullable('maximum favourable excursion of the closed quantity, quote currency; null for an orphan'),
  mae_pct: nullable('MAE per unit, percent of the entry price'),
  mfe_pct: nullable('MFE per unit, percent of the entry price'),
  r_multiple: nullable('pnl / (|entry - stop| * quantity); null without a stop'),
  efficiency: nullable('pnl / mfe; null when mfe is 0'),
  ...TradeContextProperties
})

export const TradePageSchema = Type.Object({
  total: int('records matching the query'),
  limit: int('page size'),
  offset: int('records skipped'),
  trades: Type.Array(ClosedTradeSchema, { description: 'newest first' })
})

export const BreakdownSchema = Type.Object({
  unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  symbol: Type.Union([Type.String(), Type.Null()]),
  side: Type.Union([Side, Type.Null()]),
  periods: Type.Array(Type.Object({
    date: Type.String({ description: 'first day of the period, YYYY-MM-DD (UTC)' }),
    start: num('epoch ms, inclusive'),
    end: num('epoch ms, exclusive'),
    pnl: num('realized P&L in the period'),
    trade_count: int('closed trade records in the period'),
    starting_equity: nullable('account equity at the period start'),
    relative_return: nullable('pnl / starting_equity')
  }), { description: 'newest first' })
})

/** The trading section's headline figures in GET /summary (window all). */
export const TradingHeadlineSchema = Type.Object({
  closed_trades: Type.Integer(),
  open_positions: Type.Integer(),
  total_pnl: Type.Number(),
  win_rate: Type.Union([Type.Number(), Type.Null()]),
  profit_factor: Type.Union([Type.Number(), Type.Null()]),
  max_drawdown: Type.Number(),
  max_drawdown_pct: Type.Union([Type.Number(), Type.Null()]),
  expectancy: Type.Union([Type.Number(), Type.Null()])
}, { description: 'headline trading figures over every closed trade; GET /trading has them all' })
