import { EXCURSION_COLUMNS, ExcursionSums, addExcursionColumns } from './excursion-statistics.ts'
import { HourCell, holdingBin } from './hour-cell.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'

// Where each figure of a cell sits in its row: HourCell's fields, then
// the heads of its bin lists and its excursion sums.
const COUNT = 0
const WINS = 1
const LOSSES = 2
const BREAK_EVEN = 3
const CLOSED_POSITIONS = 4
const TOTAL = 5
const GROSS_PROFIT = 6
const GROSS_LOSS = 7
const FEES = 8
const LARGEST_WIN = 9
const LARGEST_LOSS = 10
const WIN_PREFIX = 11
const WIN_SUFFIX = 12
const MAX_WIN_STREAK = 13
const LOSS_PREFIX = 14
const LOSS_SUFFIX = 15
const MAX_LOSS_STREAK = 16
const MAX_PREFIX = 17
const MIN_PREFIX = 18
const MAX_DRAWDOWN = 19
const DD_PEAK = 20
const HOLDING_COUNT = 21
const HOLDING_SUM = 22
const HOLDING_MAX = 23
/** First node of the holding-time bins, -1: none. */
const HOLDING_HEAD = 24
/** First node of the R bins, -1: none. */
const R_HEAD = 25
/** 1 once a record with excursions came (HourCell.excursions not null). */
const EXCURSIONS_SEEN = 26
const EXCURSIONS = 27
/** Numbers a cell takes: 36 × 8 = 288 bytes. */
const STRIDE = EXCURSIONS + EXCURSION_COLUMNS

/** A bin list node: key, count, next node (-1: last). */
const NODE = 3

/**
 * The cells of one UTC hour packed in two Float64Arrays: a row of numbers
 * per cell, and the nodes of its holding-time and R bin lists. An object
 * per cell with a map per bin kind took some 1,100 bytes of heap a cell;
 * a row takes 288 bytes and a bin 24, outside the collected heap, and
 * adding a record allocates nothing. `cell` hands a reader an HourCell.
 */
export class HourColumns {
  private rows: Float64Array<ArrayBuffer> = new Float64Array(STRIDE * 8)
  private nodes: Float64Array<ArrayBuffer> = new Float64Array(NODE * 16)
  /** Cells in use. */
  size = 0
  private nodeCount = 0

  /** A new empty cell; returns its index. */
  addCell (): number {
    const i = this.size++
    if (this.size * STRIDE > this.rows.length) this.rows = grow(this.rows, this.rows.length * 2)
    const r = this.rows
    const o = i * STRIDE
    r[LARGEST_WIN + o] = -Infinity
    r[LARGEST_LOSS + o] = Infinity
    r[HOLDING_MAX + o] = -Infinity
    r[HOLDING_HEAD + o] = -1
    r[R_HEAD + o] = -1
    return i
  }

  /** HourCell.add on the row of cell `i` (same order of arithmetic, so the same bits), counting the holding time in its bin. */
  add (i: number, t: Readonly<ClosedTrade>): void {
    const r = this.rows
    const o = i * STRIDE
    const pnl = t.pnl
    const n = r[o + COUNT]
    r[o + COUNT] = n + 1
    r[o + TOTAL] += pnl
    r[o + FEES] += t.fees
    if (t.final) r[o + CLOSED_POSITIONS]++
    if (t.outcome === TradeOutcome.win) {
      r[o + WINS]++
      r[o + GROSS_PROFIT] += pnl
      if (pnl > r[o + LARGEST_WIN]) r[o + LARGEST_WIN] = pnl
      if (r[o + WIN_PREFIX] === n) r[o + WIN_PREFIX]++
      const run = ++r[o + WIN_SUFFIX]
      r[o + LOSS_SUFFIX] = 0
      if (run > r[o + MAX_WIN_STREAK]) r[o + MAX_WIN_STREAK] = run
    } else if (t.outcome === TradeOutcome.loss) {
      r[o + LOSSES]++
      r[o + GROSS_LOSS] += pnl
      if (pnl < r[o + LARGEST_LOSS]) r[o + LARGEST_LOSS] = pnl
      if (r[o + LOSS_PREFIX] === n) r[o + LOSS_PREFIX]++
      const run = ++r[o + LOSS_SUFFIX]
      r[o + WIN_SUFFIX] = 0
      if (run > r[o + MAX_LOSS_STREAK]) r[o + MAX_LOSS_STREAK] = run
    } else {
      r[o + BREAK_EVEN]++
      r[o + WIN_SUFFIX] = 0
      r[o + LOSS_SUFFIX] = 0
    }
    const cum = r[o + TOTAL]
    if (cum > r[o + MAX_PREFIX]) r[o + MAX_PREFIX] = cum
    if (cum < r[o + MIN_PREFIX]) r[o + MIN_PREFIX] = cum
    if (r[o + MAX_PREFIX] - cum > r[o + MAX_DRAWDOWN]) {
      r[o + MAX_DRAWDOWN] = r[o + MAX_PREFIX] - cum
      r[o + DD_PEAK] = r[o + MAX_PREFIX]
    }
    const h = t.holding_seconds
    if (h !== null) {
      r[o + HOLDING_COUNT]++
      r[o + HOLDING_SUM] += h
      if (h > r[o + HOLDING_MAX]) r[o + HOLDING_MAX] = h
      this.count(o + HOLDING_HEAD, holdingBin(h))
    }
    if (t.mae !== null) {
      r[o + EXCURSIONS_SEEN] = 1
      const bin = addExcursionColumns(r, o + EXCURSIONS, t)
      if (!Number.isNaN(bin)) this.count(o + R_HEAD, bin)
    }
  }

  /** Cell `i` as an HourCell of its own (a copy). */
  cell (i: number): HourCell {
    const r = this.rows
    const o = i * STRIDE
    const c = new HourCell()
    c.count = r[o + COUNT]
    c.wins = r[o + WINS]
    c.losses = r[o + LOSSES]
    c.breakEven = r[o + BREAK_EVEN]
    c.closedPositions = r[o + CLOSED_POSITIONS]
    c.total = r[o + TOTAL]
    c.grossProfit = r[o + GROSS_PROFIT]
    c.grossLoss = r[o + GROSS_LOSS]
    c.fees = r[o + FEES]
    c.largestWin = r[o + LARGEST_WIN]
    c.largestLoss = r[o + LARGEST_LOSS]
    c.winPrefix = r[o + WIN_PREFIX]
    c.winSuffix = r[o + WIN_SUFFIX]
    c.maxWinStreak = r[o + MAX_WIN_STREAK]
    c.lossPrefix = r[o + LOSS_PREFIX]
    c.lossSuffix = r[o + LOSS_SUFFIX]
    c.maxLossStreak = r[o + MAX_LOSS_STREAK]
    c.maxPrefix = r[o + MAX_PREFIX]
    c.minPrefix = r[o + MIN_PREFIX]
    c.maxDrawdown = r[o + MAX_DRAWDOWN]
    c.ddPeak = r[o + DD_PEAK]
    c.holdingCount = r[o + HOLDING_COUNT]
    c.holdingSum = r[o + HOLDING_SUM]
    c.holdingMax = r[o + HOLDING_MAX]
    if (r[o + HOLDING_HEAD] >= 0) c.bins = this.bins(r[o + HOLDING_HEAD])
    if (r[o + EXCURSIONS_SEEN] === 1) c.excursions = ExcursionSums.fromColumns(r, o + EXCURSIONS, this.bins(r[o + R_HEAD]))
    return c
  }

  /** Gives back the room kept for cells and bins to come: for an hour that takes few more records. */
  trim (): void {
    if (this.rows.length > this.size * STRIDE) this.rows = this.rows.slice(0, this.size * STRIDE)
    if (this.nodes.length > this.nodeCount * NODE) this.nodes = this.nodes.slice(0, this.nodeCount * NODE)
  }

  /** Counts one in bin `key` of the list whose head sits at rows[`head`]. */
  private count (head: number, key: number): void {
    const nodes = this.nodes
    let last = -1
    for (let k = this.rows[head]; k >= 0; k = nodes[k * NODE + 2]) {
      if (nodes[k * NODE] === key) {
        nodes[k * NODE + 1]++
        return
      }
      last = k
    }
    const k = this.nodeCount++
    if (this.nodeCount * NODE > this.nodes.length) this.nodes = grow(this.nodes, Math.max(NODE * 16, this.nodes.length * 2))
    const to = this.nodes
    to[k * NODE] = key
    to[k * NODE + 1] = 1
    to[k * NODE + 2] = -1
    if (last < 0) this.rows[head] = k
    else to[last * NODE + 2] = k
  }

  private bins (head: number): Map<number, number> {
    const out = new Map<number, number>()
    const nodes = this.nodes
    for (let k = head; k >= 0; k = nodes[k * NODE + 2]) out.set(nodes[k * NODE], nodes[k * NODE + 1])
    return out
  }
}

function grow (a: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(length)
  b.set(a)
  return b
}
