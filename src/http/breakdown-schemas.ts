import { Type } from 'typebox'

/**
 * Response schemas of the breakdown route and of the context and
 * mark-to-market fields the trading schemas gain. Definitions:
 * docs/TRADING_METRICS.md.
 */
const num = (description: string): ReturnType<typeof Type.Number> => Type.Number({ description })
const int = (description: string): ReturnType<typeof Type.Integer> => Type.Integer({ description })
const nullable = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const label = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.String(), Type.Null()], { description })

/** The context of a closed trade record. */
export const TradeContextProperties = {
  strategy: label('the position\'s strategy; null when none was given'),
  entry_tag: label('the entry tag of the position\'s opening; null when none was given'),
  exit_reason: label('the exit reason of the event that closed this record; null when none was given')
}

/** The mark-to-market figures of GET /trading. */
export const AccountFigureProperties = {
  unrealized_pnl: num('P&L of the open positions (of the symbol and side asked) at the last price, net of open entry fees'),
  equity: nullable('starting_balance + realized + unrealized P&L, now, whole account; null without a starting balance'),
  exposure: nullable('open notional at the last price over equity, now, whole account'),
  time_in_market_pct: nullable('percent of the observed window with at least one position open'),
  max_drawdown_equity_pct: nullable('largest fall of the recorded equity series in the window, percent of its peak')
}

const GroupFiguresProperties = {
  closed_trades: int('closed trade records'),
  wins: int('records with pnl above the break-even tolerance'),
  losses: int('records with pnl below minus the tolerance'),
  win_rate: nullable('wins / closed_trades'),
  total_pnl: num('realized P&L net of fees'),
  avg_pnl: nullable('total_pnl / closed_trades'),
  profit_factor: nullable('gross profit / |gross loss|; null without a losing trade'),
  expectancy: nullable('(gross profit + gross loss) / closed_trades'),
  max_drawdown: num('largest fall of the group\'s cumulative P&L from its peak (counting 0 at the start)'),
  holding_seconds: Type.Object({ mean: nullable('seconds'), median: nullable('seconds'), max: nullable('seconds') })
}

const Key = Type.Union([
  Type.Literal('symbol'), Type.Literal('side'), Type.Literal('strategy'), Type.Literal('entry_tag'), Type.Literal('exit_reason')
])

export const GroupBreakdownSchema = Type.Object({
  by: Type.Array(Key, { description: 'the keys grouped by' }),
  window: Type.Object({ label: Type.String(), since: nullable('epoch ms; null for all'), until: num('epoch ms') }),
  symbol: label('symbol filter'),
  side: label('side filter'),
  rows: Type.Array(Type.Object({
    key: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'the value of each key; null where the records carry none' }),
    ...GroupFiguresProperties
  }), { description: 'one per value, by total_pnl descending' }),
  total: Type.Object(GroupFiguresProperties, { description: 'every record in the window and filter; rows add up to it' }),
  folded: Type.Object({ strategy: int('events folded'), entry_tag: int('events folded'), exit_reason: int('events folded') },
    { description: 'events whose context value was recorded as `other` because the field had 1,000 distinct values' })
}, { description: 'closed trades grouped by symbol, side, strategy, entry tag or exit reason; docs/TRADING_METRICS.md' })
