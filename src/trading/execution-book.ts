import { ExecutionAggregate } from './execution-aggregate.ts'
import type { ExecutionFigures } from './execution-aggregate.ts'
import { fillContextOf } from './fill-fields.ts'
import { fillQuality, Liquidity } from './fill-quality.ts'
import type { FillQuality } from './fill-quality.ts'
import type { TradeEvent } from './trade-event.ts'
import type { PositionSide } from './trade-records.ts'

/** Filters of an execution query; each absent field matches every group. */
export interface ExecutionQuery {
  symbol?: string
  exchange?: string
  order_type?: string
}

/** One (symbol, exchange, order type) group's figures; null exchange or order type when not reported. */
export interface ExecutionGroup extends ExecutionFigures {
  symbol: string
  exchange: string | null
  order_type: string | null
}

/** The figures of the matching fills in total and by group (most fills first). */
export interface ExecutionReport {
  filter: { symbol: string | null, exchange: string | null, order_type: string | null }
  total: ExecutionFigures
  groups: ExecutionGroup[]
}

interface Group {
  symbol: string
  exchange: string | null
  order_type: string | null
  aggregate: ExecutionAggregate
}

/**
 * Running execution figures per (symbol, exchange, order type): each fill
 * is added once, so a query costs a merge per group, whatever the number of
 * fills. See docs/TRADING_METRICS.md, "Execution quality".
 */
export class ExecutionBook {
  private readonly groups = new Map<string, Group>()

  /** Adds one fill to its group (see ExecutionAggregate.add). */
  add (symbol: string, exchange: string | null, orderType: string | null,
    quality: FillQuality, fees: number, maker: boolean | null, grossPnl: number): void {
    const key = symbol + '\u0000' + (exchange ?? '') + '\u0000' + (orderType ?? '')
    let g = this.groups.get(key)
    if (g === undefined) {
      g = { symbol, exchange, order_type: orderType, aggregate: new ExecutionAggregate() }
      this.groups.set(key, g)
    }
    g.aggregate.add(quality, fees, maker, grossPnl)
  }

  /**
   * Adds the fill of an accepted event: `quantity` filled (for an exit, the
   * quantity the record closed), `grossPnl` realized before fees (0 for an entry).
   */
  addEvent (e: TradeEvent, side: PositionSide, opening: boolean, quantity: number, grossPnl: number): FillQuality {
    const context = fillContextOf(e)
    const quality = fillQuality(side, opening, quantity, e.price, e.timestamp, context)
    const maker = context.liquidity === null ? null : context.liquidity === Liquidity.maker
    this.add(e.symbol, context.exchange, context.order_type, quality, e.fees ?? 0, maker, grossPnl)
    return quality
  }

  /** The figures of the groups that match the query, and of their union. */
  report (query: ExecutionQuery = {}): ExecutionReport {
    const total = new ExecutionAggregate()
    const groups: ExecutionGroup[] = []
    for (const g of this.groups.values()) {
      if (query.symbol !== undefined && g.symbol !== query.symbol) continue
      if (query.exchange !== undefined && g.exchange !== query.exchange) continue
      if (query.order_type !== undefined && g.order_type !== query.order_type) continue
      total.merge(g.aggregate)
      groups.push({ symbol: g.symbol, exchange: g.exchange, order_type: g.order_type, ...g.aggregate.figures() })
    }
    groups.sort((a, b) => b.fills - a.fills || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    return {
      filter: { symbol: query.symbol ?? null, exchange: query.exchange ?? null, order_type: query.order_type ?? null },
      total: total.figures(),
      groups
    }
  }

  clear (): void {
    this.groups.clear()
  }
}
