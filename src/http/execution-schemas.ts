import { Type } from 'typebox'

/**
 * Response schema of GET /trading/execution: it shapes the JSON and feeds
 * OpenAPI. Definitions: docs/TRADING_METRICS.md, "Execution quality".
 */
const nullable = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const nullableString = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.String(), Type.Null()], { description })

const Figures = {
  fills: Type.Integer({ description: 'fills (trade events that built or closed a position)' }),
  fills_with_decision: Type.Integer({ description: 'fills that carried a decision_price' }),
  slippage_bps: Type.Union([Type.Object({
    mean: Type.Number({ description: 'exact mean, bps' }),
    p50: Type.Number({ description: 'bps, within 1 % of the exact value at its rank' }),
    p95: Type.Number({ description: 'bps, within 1 %' }),
    p99: Type.Number({ description: 'bps, within 1 %' }),
    max: Type.Number({ description: 'bps, exact' })
  }), Type.Null()], { description: 'slippage against the decision price, basis points, adverse positive; null without decision prices' }),
  slippage_cost: Type.Number({ description: 'quote currency lost to slippage (negative: gained)' }),
  fees: Type.Number({ description: 'fees of the fills, quote currency' }),
  gross_pnl: Type.Number({ description: 'P&L of the exits before fees, quote currency' }),
  fee_drag: nullable('fees / gross_pnl; null unless gross_pnl > 0'),
  maker_ratio: nullable('maker fills / fills with reported liquidity, 0..1'),
  fill_latency_seconds: Type.Union([Type.Object({
    p50: Type.Number({ description: 'seconds, within 1 %' }),
    p99: Type.Number({ description: 'seconds, within 1 %' }),
    max: Type.Number({ description: 'seconds, exact' })
  }), Type.Null()], { description: 'order request to fill; null without requested_at' })
}

export const ExecutionReportSchema = Type.Object({
  filter: Type.Object({
    symbol: nullableString('symbol asked, or null for all'),
    exchange: nullableString('exchange asked, or null for all'),
    order_type: nullableString('order type asked, or null for all')
  }),
  total: Type.Object(Figures, { description: 'every fill that matches the filter' }),
  groups: Type.Array(Type.Object({
    symbol: Type.String(),
    exchange: nullableString('null when the fills did not report one'),
    order_type: nullableString('market or limit; null when not reported'),
    ...Figures
  }), { description: 'per symbol, exchange and order type, most fills first' })
}, { description: 'execution quality, docs/TRADING_METRICS.md' })
