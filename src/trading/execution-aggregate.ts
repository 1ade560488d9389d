import { QuantileSketch } from '../core/quantile-sketch.ts'
import type { FillQuality } from './fill-quality.ts'

/** Relative accuracy of the slippage and latency quantiles (docs/TRADING_METRICS.md). */
export const EXECUTION_SKETCH_ACCURACY = 0.01

/** One group's execution figures, as `/trading/execution` answers them. */
export interface ExecutionFigures {
  fills: number
  /** Fills that carried a decision price. */
  fills_with_decision: number
  slippage_bps: { mean: number, p50: number, p95: number, p99: number, max: number } | null
  /** Quote currency lost to slippage (gained when negative). */
  slippage_cost: number
  fees: number
  /** Gross P&L (before fees) of the exits in this group. */
  gross_pnl: number
  /** fees / gross P&L; null unless gross P&L is above 0. */
  fee_drag: number | null
  /** Maker fills / fills whose liquidity was reported; null when none was. */
  maker_ratio: number | null
  fill_latency_seconds: { p50: number, p99: number, max: number } | null
}

/**
 * Running execution figures of a set of fills: sums, counts and two
 * quantile sketches, so a read costs the same at any number of fills.
 * Slippage and latency quantiles are within 1 % of the exact value at
 * their rank; everything else is exact.
 */
export class ExecutionAggregate {
  private fillCount = 0
  private withDecision = 0
  private slippageSum = 0
  private slippageCostSum = 0
  private feeSum = 0
  private grossPnlSum = 0
  private makers = 0
  private liquidityKnown = 0
  private readonly slippage = new QuantileSketch(EXECUTION_SKETCH_ACCURACY)
  private readonly latency = new QuantileSketch(EXECUTION_SKETCH_ACCURACY)

  /**
   * Adds one fill: its quality, the fees paid on it, whether it was a maker
   * fill (null when unknown), and the gross P&L it realized (0 for an entry).
   */
  add (quality: FillQuality, fees: number, maker: boolean | null, grossPnl: number): void {
    this.fillCount++
    this.feeSum += fees
    this.grossPnlSum += grossPnl
    if (maker !== null) {
      this.liquidityKnown++
      if (maker) this.makers++
    }
    if (quality.slippage_bps !== null && quality.slippage_cost !== null) {
      this.withDecision++
      this.slippageSum += quality.slippage_bps
      this.slippageCostSum += quality.slippage_cost
      this.slippage.add(quality.slippage_bps)
    }
    if (quality.fill_latency_seconds !== null) this.latency.add(quality.fill_latency_seconds)
  }

  /** Adds another aggregate's fills into this one (per-group figures into a total). */
  merge (other: ExecutionAggregate): void {
    this.fillCount += other.fillCount
    this.withDecision += other.withDecision
    this.slippageSum += other.slippageSum
    this.slippageCostSum += other.slippageCostSum
    this.feeSum += other.feeSum
    this.grossPnlSum += other.grossPnlSum
    this.makers += other.makers
    this.liquidityKnown += other.liquidityKnown
    this.slippage.merge(other.slippage)
    this.latency.merge(other.latency)
  }

  figures (): ExecutionFigures {
    const s = this.slippage
    const l = this.latency
    return {
      fills: this.fillCount,
      fills_with_decision: this.withDecision,
      slippage_bps: s.count === 0
        ? null
        : { mean: this.slippageSum / this.withDecision, p50: s.quantile(0.5), p95: s.quantile(0.95), p99: s.quantile(0.99), max: s.quantile(1) },
      slippage_cost: this.slippageCostSum,
      fees: this.feeSum,
      gross_pnl: this.grossPnlSum,
      fee_drag: this.grossPnlSum > 0 ? this.feeSum / this.grossPnlSum : null,
      maker_ratio: this.liquidityKnown === 0 ? null : this.makers / this.liquidityKnown,
      fill_latency_seconds: l.count === 0 ? null : { p50: l.quantile(0.5), p99: l.quantile(0.99), max: l.quantile(1) }
    }
  }
}
