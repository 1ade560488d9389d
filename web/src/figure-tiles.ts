import { formatMoney, formatNumber, formatPercent, formatRatio } from './format.ts'

/**
 * Figures of GET /trading that need its newer fields: the account marked to
 * market and the excursions over the chosen window (`data.tradingStats`),
 * and the risk figures on daily returns over all history (`data.tradingAll`):
 * daily returns need days, which a 5-minute window never holds.
 */
interface FigureTile {
  id: string
  label: string
  /** `window`: GET /trading over the range; `all`: over all history. */
  source: 'window' | 'all'
  /** Path of the figure in the answer: `equity`, `risk.var_95`, `excursions.mae_pct_mean`. */
  path: string
  format: (v: number | null) => string
}

const ratio = (digits = 3) => (v: number | null): string => formatNumber(v, digits)

/** In display order: the account now, the trades' excursions, then the risk figures. */
export const FIGURE_TILES: readonly FigureTile[] = [
  { id: 'equity', label: 'Equity (marked)', source: 'window', path: 'equity', format: (v) => formatMoney(v, false) },
  { id: 'unrealized', label: 'Unrealized P&L', source: 'window', path: 'unrealized_pnl', format: (v) => formatMoney(v) },
  { id: 'exposure', label: 'Exposure', source: 'window', path: 'exposure', format: formatRatio },
  { id: 'time-in-market', label: 'Time in market', source: 'window', path: 'time_in_market_pct', format: (v) => formatPercent(v) },
  { id: 'drawdown-marked', label: 'Max drawdown (marked)', source: 'window', path: 'max_drawdown_equity_pct', format: (v) => formatPercent(v) },
  { id: 'mae-mean', label: 'Mean MAE', source: 'window', path: 'excursions.mae_pct_mean', format: (v) => formatPercent(v) },
  { id: 'mfe-mean', label: 'Mean MFE', source: 'window', path: 'excursions.mfe_pct_mean', format: (v) => formatPercent(v) },
  { id: 'r-mean', label: 'Mean R-multiple', source: 'window', path: 'excursions.r_multiple_mean', format: (v) => v === null ? '–' : `${formatNumber(v)} R` },
  { id: 'efficiency', label: 'Exit efficiency', source: 'window', path: 'excursions.efficiency_mean', format: formatRatio },
  { id: 'sharpe', label: 'Sharpe', source: 'all', path: 'sharpe', format: ratio() },
  { id: 'sortino', label: 'Sortino', source: 'all', path: 'sortino', format: ratio() },
  { id: 'calmar', label: 'Calmar', source: 'all', path: 'calmar', format: ratio() },
  { id: 'rolling-sharpe', label: 'Sharpe, last 30 days', source: 'all', path: 'risk.rolling_sharpe_30d', format: ratio() },
  { id: 'ulcer', label: 'Ulcer index', source: 'all', path: 'risk.ulcer_index', format: formatRatio },
  { id: 'recovery', label: 'Recovery factor', source: 'all', path: 'risk.recovery_factor', format: ratio() },
  { id: 'var', label: 'VaR 95 % (1 day)', source: 'all', path: 'risk.var_95', format: formatRatio },
  { id: 'cvar', label: 'CVaR 95 % (1 day)', source: 'all', path: 'risk.cvar_95', format: formatRatio },
  { id: 'tail', label: 'Tail ratio', source: 'all', path: 'risk.tail_ratio', format: ratio() },
  { id: 'kelly', label: 'Kelly fraction', source: 'all', path: 'risk.kelly_fraction', format: formatRatio },
  { id: 'omega', label: 'Omega', source: 'all', path: 'risk.omega', format: ratio() }
]

type Answer = Record<string, unknown>

/** The figure at `path` and, when it is null, the answer's reason (`null_reasons`, or the block's own). */
export function readFigure (answer: Answer | null, path: string): { value: number | null, reason: string | null } {
  if (answer === null) return { value: null, reason: null }
  const parts = path.split('.')
  const block = (parts.length === 2 ? answer[parts[0]] : answer) as Answer | undefined
  const field = parts[parts.length - 1]
  const v = block?.[field]
  if (typeof v === 'number' && Number.isFinite(v)) return { value: v, reason: null }
  const reasons = (block?.null_reasons ?? answer.null_reasons) as Record<string, string> | undefined
  return { value: null, reason: reasons?.[field] ?? null }
}

/** The convention the risk figures state in every answer, as a sentence. */
export function riskConvention (answer: Answer | null): string {
  const c = (answer?.risk as Answer | undefined)?.convention as Answer | undefined
  if (c === undefined) return 'Risk figures are not served by this service version.'
  const confidence = typeof c.confidence === 'number' ? `, ${formatNumber(c.confidence * 100)} % confidence for VaR and CVaR` : ''
  return `On ${String(c.returns)} returns of all history: risk-free rate ${String(c.risk_free_rate)}, ${String(c.periods_per_year)} periods a year${confidence}. A figure that needs more days shows – (hover it for why).`
}
