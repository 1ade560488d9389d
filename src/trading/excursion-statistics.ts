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

  /**
   * The sums kept in columns (`EXCURSION_COLUMNS` numbers from `o`, as
   * `addExcursionColumns` writes them) with their R bins: what a packed
   * store hands a reader.
   */
  static fromColumns (c: Float64Array, o: number, bins: Map<number, number>): ExcursionSums {
    const s = new ExcursionSums()
    s.n = c[o]
    s.mae = c[o + 1]
    s.mfe = c[o + 2]
    s.maePct = c[o + 3]
    s.mfePct = c[o + 4]
    s.rCount = c[o + 5]
    s.rSum = c[o + 6]
    s.effCount = c[o + 7]
    s.effSum = c[o + 8]
    for (const [bin, count] of bins) s.bins.set(bin, count)
    return s
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

/** Numbers `addExcursionColumns` keeps per run: the sums of ExcursionSums, in its field order. */
export const EXCURSION_COLUMNS = 9

/**
 * ExcursionSums.add on sums kept in columns (`c[o]` to `c[o + 8]`, same
 * order and arithmetic): returns the record's R bin to count, NaN when it
 * has none.
 */
export function addExcursionColumns (c: Float64Array, o: number, t: Readonly<ClosedTrade>): number {
  if (t.mae === null || t.mfe === null || t.mae_pct === null || t.mfe_pct === null) return NaN
  c[o]++
  c[o + 1] += t.mae
  c[o + 2] += t.mfe
  c[o + 3] += t.mae_pct
  c[o + 4] += t.mfe_pct
  let bin = NaN
  if (t.r_multiple !== null) {
    c[o + 5]++
    c[o + 6] += t.r_multiple
    bin = rBin(t.r_multiple)
  }
  if (t.efficiency !== null) {
    c[o + 7]++
    c[o + 8] += t.efficiency
  }
  return bin
}

/** The excursion statistics of a set of records. */
export function excursionStatistics (trades: ReadonlyArray<Readonly<ClosedTrade>>): ExcursionStatistics {
  const sums = new ExcursionSums()
  for (let i = 0; i < trades.length; i++) sums.add(trades[i])
  return sums.figures()
}
