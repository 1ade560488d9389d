import { rBin } from './excursions.ts'
import type { ClosedTrade } from './trade-records.ts'

/** One 0.5 R bin: records whose R-multiple is in [r, r + 0.5). */
export interface RBin {
  r: number
  count: number
}

/**
 * Means of the records' excursions and their R-multiple distribution
 * (docs/TRADING_METRICS.md, "Excursions"). Each mean covers the records
 * that carry the figure; null when none does.
 */
export interface ExcursionStatistics {
  /** Records with excursions (every record but orphans). */
  trades: number
  mae_mean: number | null
  mfe_mean: number | null
  mae_pct_mean: number | null
  mfe_pct_mean: number | null
  /** Records with an R-multiple (their position had a stop). */
  r_trades: number
  r_multiple_mean: number | null
  /** Records with an efficiency (MFE above 0). */
  efficiency_trades: number
  efficiency_mean: number | null
  /** Counts per 0.5 R bin, ascending by lower edge, empty bins left out. */
  r_distribution: RBin[]
}

/**
 * Running sums behind ExcursionStatistics: one `add` per record, mergeable,
 * so a read costs the number of R bins, not the number of records.
 */
export class ExcursionSums {
  private n = 0
  private mae = 0
  private mfe = 0
  private maePct = 0
  private mfePct = 0
  private rCount = 0
  private rSum = 0
  private effCount = 0
  private effSum = 0
  private readonly bins = new Map<number, number>()

  add (t: Readonly<ClosedTrade>): void {
    if (t.mae === null || t.mfe === null || t.mae_pct === null || t.mfe_pct === null) return
    this.n++
    this.mae += t.mae
    this.mfe += t.mfe
    this.maePct += t.mae_pct
    this.mfePct += t.mfe_pct
    if (t.r_multiple !== null) {
      this.rCount++
      this.rSum += t.r_multiple
      const bin = rBin(t.r_multiple)
      this.bins.set(bin, (this.bins.get(bin) ?? 0) + 1)
    }
    if (t.efficiency !== null) {
      this.effCount++
      this.effSum += t.efficiency
    }
  }

  merge (o: ExcursionSums): void {
    this.n += o.n
    this.mae += o.mae
    this.mfe += o.mfe
    this.maePct += o.maePct
    this.mfePct += o.mfePct
    this.rCount += o.rCount
    this.rSum += o.rSum
    this.effCount += o.effCount
    this.effSum += o.effSum
    for (const [bin, count] of o.bins) this.bins.set(bin, (this.bins.get(bin) ?? 0) + count)
  }

  figures (): ExcursionStatistics {
    const mean = (sum: number, count: number): number | null => count === 0 ? null : sum / count
    return {
      trades: this.n,
      mae_mean: mean(this.mae, this.n),
      mfe_mean: mean(this.mfe, this.n),
      mae_pct_mean: mean(this.maePct, this.n),
      mfe_pct_mean: mean(this.mfePct, this.n),
      r_trades: this.rCount,
      r_multiple_mean: mean(this.rSum, this.rCount),
      efficiency_trades: this.effCount,
      efficiency_mean: mean(this.effSum, this.effCount),
      r_distribution: [...this.bins].sort((a, b) => a[0] - b[0]).map(([r, count]) => ({ r, count }))
    }
  }
}

/** The excursion statistics of a set of records. */
export function excursionStatistics (trades: ReadonlyArray<Readonly<ClosedTrade>>): ExcursionStatistics {
  const sums = new ExcursionSums()
  for (let i = 0; i < trades.length; i++) sums.add(trades[i])
  return sums.figures()
}
