import type { TradeLedger } from './trade-ledger.ts'
import { PositionSide } from './trade-records.ts'
import type { OpenPosition } from './trade-records.ts'

/** One symbol's open positions, summed so that a new price re-marks them in O(1). */
interface SymbolBook {
  /** Last price seen, or null before any (positions are then marked at their entry). */
  price: number | null
  priceAt: number | null
  /** Open quantity and Σ quantity × entry price, per side. */
  longQty: number
  longCost: number
  shortQty: number
  shortCost: number
  /** Entry fees of the open quantity (paid, not yet in any realized P&L). */
  entryFees: number
  /** Unrealized P&L at the current mark, as last computed. */
  unrealized: number
  /** Σ quantity × mark over both sides. */
  notional: number
}

/** An open position marked to market. */
export interface MarkedPosition extends OpenPosition {
  /** The price it is marked at: the symbol's last price, or its entry price before any. */
  mark_price: number
  /** When that price was seen, epoch ms; null when marked at entry. */
  mark_at: number | null
  /** direction × (mark − entry) × quantity − open entry fees. */
  unrealized_pnl: number
  /** quantity × mark. */
  notional: number
}

/** The account marked to market now. Null where a starting balance is needed and none is configured. */
export interface AccountMark {
  unrealized_pnl: number
  realized_pnl: number
  /** starting_balance + realized_pnl. */
  balance: number | null
  /** starting_balance + realized_pnl + unrealized_pnl. */
  equity: number | null
  /** Σ |quantity| × mark of the open positions. */
  open_notional: number
  /** open_notional / equity; null without equity or when equity <= 0. */
  exposure: number | null
}

const emptyBook = (): SymbolBook => ({ price: null, priceAt: null, longQty: 0, longCost: 0, shortQty: 0, shortCost: 0, entryFees: 0, unrealized: 0, notional: 0 })

/**
 * Marks the ledger's open positions to the last price of their symbol.
 * A price update costs O(1) (the positions of a symbol are kept as sums),
 * a trade event one rebuild of the sums, done lazily when the ledger's
 * version moved. Realized P&L is summed incrementally over new records.
 * docs/TRADING_METRICS.md, "Equity with open positions".
 */
export class MarkToMarket {
  private readonly ledger: TradeLedger
  private readonly books = new Map<string, SymbolBook>()
  private syncedVersion = -1
  private unrealized = 0
  private notional = 0
  private realized = 0

  constructor (ledger: TradeLedger) {
    this.ledger = ledger
  }

  /** Records the price of `symbol` at `atMs` and re-marks its open positions. */
  price (symbol: string, price: number, atMs: number): void {
    if (this.syncedVersion !== this.ledger.version) this.sync()
    let b = this.books.get(symbol)
    if (b === undefined) {
      b = emptyBook()
      this.books.set(symbol, b)
    }
    // A price older than the mark does not move it back.
    if (b.priceAt !== null && atMs < b.priceAt) return
    b.price = price
    b.priceAt = atMs
    if (b.longQty === 0 && b.shortQty === 0) return
    this.remark(b)
  }

  /** The last price of `symbol`, or null. */
  lastPrice (symbol: string): number | null {
    return this.books.get(symbol)?.price ?? null
  }

  /** The account marked now. */
  account (): AccountMark {
    if (this.syncedVersion !== this.ledger.version) this.sync()
    const start = this.ledger.options.startingBalance
    const balance = start === null ? null : start + this.realized
    const equity = balance === null ? null : balance + this.unrealized
    return {
      unrealized_pnl: this.unrealized,
      realized_pnl: this.realized,
      balance,
      equity,
      open_notional: this.notional,
      exposure: equity === null || equity <= 0 ? null : this.notional / equity
    }
  }

  /** The open positions, each marked. */
  positions (): MarkedPosition[] {
    return this.ledger.openPositions().map((p) => {
      const b = this.books.get(p.symbol)
      const mark = b?.price ?? p.entry_price
      const direction = p.side === PositionSide.long ? 1 : -1
      return {
        ...p,
        mark_price: mark,
        mark_at: b?.price == null ? null : b.priceAt,
        unrealized_pnl: direction * (mark - p.entry_price) * p.quantity - p.entry_fees,
        notional: p.quantity * mark
      }
    })
  }

  /** Forgets the prices (the ledger's clear forgets the positions). */
  clear (): void {
    this.books.clear()
    this.syncedVersion = -1
  }

  private remark (b: SymbolBook): void {
    const price = b.price!
    const u = (price * b.longQty - b.longCost) - (price * b.shortQty - b.shortCost) - b.entryFees
    const n = price * (b.longQty + b.shortQty)
    this.unrealized += u - b.unrealized
    this.notional += n - b.notional
    b.unrealized = u
    b.notional = n
  }

  /** Rebuilds the per-symbol sums from the ledger's open positions, and the realized sum from its records. */
  private sync (): void {
    for (const b of this.books.values()) {
      b.longQty = 0; b.longCost = 0; b.shortQty = 0; b.shortCost = 0; b.entryFees = 0; b.unrealized = 0; b.notional = 0
    }
    for (const p of this.ledger.openPositions()) {
      let b = this.books.get(p.symbol)
      if (b === undefined) {
        b = emptyBook()
        this.books.set(p.symbol, b)
      }
      if (p.side === PositionSide.long) {
        b.longQty += p.quantity
        b.longCost += p.quantity * p.entry_price
      } else {
        b.shortQty += p.quantity
        b.shortCost += p.quantity * p.entry_price
      }
      b.entryFees += p.entry_fees
    }
    // A trade's price is a price: after a restart (a journal replay) the marks start from the last trades.
    for (const [symbol, last] of this.ledger.lastTradePrice) {
      const b = this.books.get(symbol)
      if (b !== undefined && (b.priceAt === null || last.at > b.priceAt)) {
        b.price = last.price
        b.priceAt = last.at
      }
    }
    this.unrealized = 0
    this.notional = 0
    for (const b of this.books.values()) {
      if (b.longQty === 0 && b.shortQty === 0) continue
      if (b.price === null) {
        // No price yet: marked at entry, so only the entry fees are unrealized.
        b.unrealized = -b.entryFees
        b.notional = b.longCost + b.shortCost
        this.unrealized += b.unrealized
        this.notional += b.notional
      } else {
        this.remark(b)
      }
    }
    // A sum does not depend on order, and a late record is inserted, not appended: re-sum.
    // O(records) per trade event, about 0.1 ms at 100,000 records; never on a price update.
    const trades = this.ledger.trades
    // Records that left memory: their sum, in the same order, is where the walk starts.
    let sum = this.ledger.settledFigures()?.aggregate.total ?? 0
    for (let i = 0; i < trades.length; i++) sum += trades[i].pnl
    this.realized = sum
    this.syncedVersion = this.ledger.version
  }
}
