import { DAY_MS } from './calendar.ts'
import { ROLLING_SHARPE_DAYS, quantileAt, shortSummary } from './return-summary.ts'
import type { ReturnDays } from './return-summary.ts'
import { SortedReturns } from './sorted-returns.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'

const BLOWN = 'account equity at the start of a day is not positive'

/**
 * The daily returns of window `all` for one filter (dailyReturnsFromDays in
 * running-statistics.ts defines them), kept day by day instead of rebuilt
 * and sorted on each read. A day closes once: the days before the newest
 * record's day can take no record that arrives in closing order, so they
 * are folded into sums, the compounded equity curve and a sorted multiset
 * once; a read adds the newest record's day (its P&L still moves) and the
 * days without trades up to the window's end. A read costs the same
 * whatever the number of records or days; a record that arrives out of
 * closing order, or a clear, is noticed by `sync` and the run is rebuilt.
 *
 * Sums added in day order (mean, downside, gains, losses) and the
 * percentiles are the bits a computation from the days afresh gives; the
 * standard deviation (Welford's update), the drawdowns of the quiet days at
 * the end (multiplied, not added one by one) and the mean at or below
 * q(5 %) (prefix sums) agree with it to rounding.
 */
export class DailyReturnRun {
  /** UTC day number of the first trade event: the first day of returns. */
  readonly firstDay: number
  /** Days [firstDay, doneDay) are folded in. */
  private doneDay: number
  /** Account equity at the start of `doneDay`. */
  private equity: number
  private blown = false
  private sum = 0
  private downSquares = 0
  private gains = 0
  private losses = 0
  private up = 0
  private down = 0
  private welfordMean = 0
  private welfordM2 = 0
  private curve = 1
  private peak = 1
  private lastDrawdown = 0
  private sumSquaredDrawdown = 0
  private maxDrawdown = 0
  private readonly sorted = new SortedReturns()
  /** The last ROLLING_SHARPE_DAYS folded returns, a ring; `ringNext` is where the next goes. */
  private readonly ring = new Float64Array(ROLLING_SHARPE_DAYS)
  private ringNext = 0
  /** The newest record and the ledger's record count at the last sync; null before any record. */
  private newest: Readonly<ClosedTrade> | null = null
  private count = 0
  private version = -1
  /** The last read, for the same ledger version and last day. */
  private memo: ReturnDays | null = null
  private memoDay = NaN

  /**
   * @param firstDay UTC day number of the first trade event
   * @param equity account equity at the start of that day
   */
  constructor (firstDay: number, equity: number) {
    this.firstDay = firstDay
    this.doneDay = firstDay
    this.equity = equity
  }

  /**
   * Folds the days that closed since the last sync, from the per-day P&L of
   * the account and of the filter. False when a day already folded may have
   * changed (a record arrived out of closing order, the ledger was
   * cleared): the caller starts a new run.
   */
  sync (ledger: TradeLedger, account: ReadonlyMap<number, number>, selected: ReadonlyMap<number, number>): boolean {
    const version = ledger.version
    if (version === this.version) return true
    const records = ledger.trades
    const count = ledger.recordCount
    const added = count - this.count
    if (this.newest !== null) {
      // Records in closing order go after the newest of the last sync: it
      // must sit just before the ones added since. A late record goes before
      // it (or straight out of memory), a clear removes it.
      const at = records.length - 1 - added
      if (added < 0 || at < 0 || records[at] !== this.newest) return false
    }
    const newest = records.length === 0 ? null : records[records.length - 1]
    if (newest !== null) {
      const newestDay = Math.floor(newest.closed_at / DAY_MS)
      if (newestDay < this.doneDay) return false
      while (this.doneDay < newestDay) this.fold(account.get(this.doneDay) ?? 0, selected.get(this.doneDay) ?? 0)
    }
    this.newest = newest
    this.count = count
    this.version = version
    this.memo = null
    return true
  }

  /**
   * The daily returns from `firstDay` to `untilDay` (a UTC day number, at or
   * after the newest record's); null when `untilDay` is before it.
   */
  returns (untilDay: number, account: ReadonlyMap<number, number>, selected: ReadonlyMap<number, number>): ReturnDays | null {
    if (this.memo !== null && this.memoDay === untilDay) return this.memo
    const out = this.compose(untilDay, account, selected)
    if (out !== null) {
      this.memo = out
      this.memoDay = untilDay
    }
    return out
  }

  private compose (untilDay: number, account: ReadonlyMap<number, number>, selected: ReadonlyMap<number, number>): ReturnDays | null {
    if (this.blown) return { summary: null, reason: BLOWN }
    const folded = this.doneDay - this.firstDay
    let equity = this.equity
    // The newest record's day (its P&L still moves), then days without trades.
    const open = this.newest !== null
    let v = 0
    if (open) {
      if (equity <= 0) return { summary: null, reason: BLOWN }
      v = (selected.get(this.doneDay) ?? 0) / equity
      equity += account.get(this.doneDay) ?? 0
    }
    const zeros = untilDay - this.doneDay + (open ? 0 : 1)
    if (zeros < 0) return null
    if (zeros > 0 && equity <= 0) return { summary: null, reason: BLOWN }
    const n = folded + (open ? 1 : 0) + zeros
    const recent = this.recent(open, v, zeros, Math.min(n, ROLLING_SHARPE_DAYS))
    if (n < 2) return { summary: shortSummary(n, recent), reason: null }

    let { sum, downSquares, gains, losses, up, down, welfordMean: mean, welfordM2: m2, curve, peak, lastDrawdown: dd, sumSquaredDrawdown, maxDrawdown } = this
    let count = folded
    if (open) {
      sum += v
      if (v < 0) { downSquares += v * v; losses -= v; down++ } else if (v > 0) { gains += v; up++ }
      count++
      const delta = v - mean
      mean += delta / count
      m2 += delta * (v - mean)
      curve *= 1 + v
      if (curve > peak) peak = curve
      dd = (peak - curve) / peak
      sumSquaredDrawdown += dd * dd
      if (dd > maxDrawdown) maxDrawdown = dd
    }
    if (zeros > 0) {
      // Chan et al.'s merge with `zeros` returns of 0 (mean 0, no spread);
      // the curve stays put, so each of those days repeats the drawdown.
      m2 += mean * mean * count * zeros / (count + zeros)
      sumSquaredDrawdown += zeros * dd * dd
    }
    // The values not in the sorted multiset, as ascending runs [value, count].
    const extra = !open ? [0, zeros] : v < 0 ? [v, 1, 0, zeros] : [0, zeros, v, 1]
    const at = (rank: number): number => this.sorted.at(rank, extra)
    const var95 = quantileAt(n, 0.05, at)
    const tail = this.sorted.atMost(var95, extra)
    return {
      summary: {
        days: n,
        mean: sum / n,
        sd: Math.sqrt(m2 / (n - 1)),
        downside: Math.sqrt(downSquares / n),
        finalEquity: curve,
        maxDrawdown,
        ulcerIndex: Math.sqrt(sumSquaredDrawdown / n),
        gains,
        up,
        losses,
        down,
        var95,
        p95: quantileAt(n, 0.95, at),
        cvar95: tail.sum / tail.count,
        recent
      },
      reason: null
    }
  }

  /** The last `m` returns, oldest first: folded ones from the ring, then the newest record's day, then zeros. */
  private recent (open: boolean, v: number, zeros: number, m: number): Float64Array {
    const out = new Float64Array(m)
    let i = m - Math.min(zeros, m)
    if (open && i > 0) out[--i] = v
    const ring = this.ring
    let k = this.ringNext
    while (i > 0) {
      k = k === 0 ? ring.length - 1 : k - 1
      out[--i] = ring[k]
    }
    return out
  }

  /** Folds day `doneDay`: `accountPnl` moves the equity, `selectedPnl` over the equity is its return. */
  private fold (accountPnl: number, selectedPnl: number): void {
    this.doneDay++
    if (this.blown) return
    if (this.equity <= 0) {
      this.blown = true
      return
    }
    const r = selectedPnl / this.equity
    this.equity += accountPnl
    this.sum += r
    if (r < 0) { this.downSquares += r * r; this.losses -= r; this.down++ } else if (r > 0) { this.gains += r; this.up++ }
    const count = this.doneDay - this.firstDay
    const delta = r - this.welfordMean
    this.welfordMean += delta / count
    this.welfordM2 += delta * (r - this.welfordMean)
    this.curve *= 1 + r
    if (this.curve > this.peak) this.peak = this.curve
    const dd = (this.peak - this.curve) / this.peak
    this.lastDrawdown = dd
    this.sumSquaredDrawdown += dd * dd
    if (dd > this.maxDrawdown) this.maxDrawdown = dd
    this.sorted.insert(r)
    this.ring[this.ringNext] = r
    this.ringNext = (this.ringNext + 1) % this.ring.length
  }
}

/** Filters whose runs a ledger keeps, least recently read dropped first. */
const RUNS_PER_LEDGER = 16
const runs = new WeakMap<TradeLedger, Map<string, DailyReturnRun>>()

/**
 * The daily returns of window `all` from the first trade event (`fromMs`) to
 * `untilMs`, from the per-day P&L of the account and of the filter (`key`
 * names it), through the ledger's run of that filter. The newest record
 * must close at or before `untilMs`. Returns null when no run can answer
 * (the caller computes them from the days).
 */
export function runningDailyReturns (ledger: TradeLedger, key: string, fromMs: number, untilMs: number,
  account: ReadonlyMap<number, number>, selected: ReadonlyMap<number, number>): ReturnDays | null {
  const balance = ledger.options.startingBalance
  if (balance === null) return null
  const firstDay = Math.floor(fromMs / DAY_MS)
  let byFilter = runs.get(ledger)
  if (byFilter === undefined) {
    byFilter = new Map()
    runs.set(ledger, byFilter)
  }
  let run = byFilter.get(key)
  // Read last: to the end of the map's order, which is the eviction order.
  if (run !== undefined) byFilter.delete(key)
  if (run === undefined || run.firstDay !== firstDay || !run.sync(ledger, account, selected)) {
    // As dailyReturnsFromDays: the P&L of days before the first adds to the balance (none: records close after the first event).
    let equity = balance
    for (const [day, pnl] of account) if (day < firstDay) equity += pnl
    run = new DailyReturnRun(firstDay, equity)
    if (!run.sync(ledger, account, selected)) return null
  }
  byFilter.set(key, run)
  if (byFilter.size > RUNS_PER_LEDGER) byFilter.delete(byFilter.keys().next().value!)
  return run.returns(Math.floor(untilMs / DAY_MS), account, selected)
}
