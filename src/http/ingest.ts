import { InvalidArgumentError, MetricsError, PersistenceError } from '../core/errors.ts'
import { normalizeLabels, validateMetricName } from '../core/label-set.ts'
import type { TagsInput } from '../core/label-set.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { TradeEventOptions } from '../logger/trade-event-options.ts'
import { checkEventItem } from './event-item-check.ts'

/** One rejected batch item: its index in the batch and why. */
export interface RejectedItem {
  index: number
  error: string
  message: string
}

export interface IngestResult {
  accepted: number
  rejected: RejectedItem[]
}

type Item = Record<string, unknown>

// checkEventItem has checked the item against its type's schema before these read it: required
// fields are present and not null, numbers finite and within the schema's bounds, strings within
// theirs, tags and metadata objects. An optional field may be absent or null, read as undefined.
// What a schema cannot say (a 0 quantity on an open, free above total, label rules) is checked
// in ingestOne. ingestEvents is the only way in, for HTTP and library callers alike.
const num = (item: Item, name: string): number => item[name] as number
const optNum = (item: Item, name: string): number | undefined => (item[name] ?? undefined) as number | undefined
const str = (item: Item, name: string): string => item[name] as string
const optStr = (item: Item, name: string): string | undefined => (item[name] ?? undefined) as string | undefined
const tagsOf = (item: Item): TagsInput | undefined => (item.tags ?? undefined) as TagsInput | undefined
/** A trade's metadata, or null. Which keys are kept is the ledger's business (TradingOptions.metadataKeys). */
const metadataOf = (item: Item): Record<string, unknown> | null => (item.metadata ?? null) as Record<string, unknown> | null

/** The optional execution fields of a trade item, already checked by its schema (docs/TRADING_METRICS.md, "Execution quality"). */
function executionFields (item: Item): TradeEventOptions {
  return {
    decisionPrice: optNum(item, 'decision_price') ?? null,
    orderType: (item.order_type ?? null) as TradeEventOptions['orderType'],
    liquidity: (item.liquidity ?? null) as TradeEventOptions['liquidity'],
    requestedAtMs: optNum(item, 'requested_at') ?? null,
    exchange: optStr(item, 'exchange') ?? null,
    stopPrice: optNum(item, 'stop_price') ?? null
  }
}

/** Records one item; throws a typed error when the item is bad. */
function ingestOne (logger: MetricsLogger, item: Item): void {
  // The item's schema first (fields, JSON types, bounds); then what a schema cannot say.
  switch (checkEventItem(item)) {
    case 'metric':
      logger.logMetric(str(item, 'name'), num(item, 'value'), tagsOf(item), optNum(item, 'timestamp'))
      return
    case 'trade': {
      const event = str(item, 'event')
      const quantity = num(item, 'quantity')
      // A close takes what remains: its quantity may be 0 when the bot does not track it.
      if (quantity === 0 && event !== 'closed') throw new InvalidArgumentError('quantity', 'must be > 0 (>= 0 on closed), got 0')
      // The values: the trade validator, in the logger, as for a bot that embeds the library.
      logger.logTradeEvent(event, str(item, 'symbol'), str(item, 'side'), quantity, num(item, 'price'), optNum(item, 'pnl') ?? null, metadataOf(item),
        {
          fees: optNum(item, 'fees') ?? null,
          tradeId: optStr(item, 'trade_id') ?? null,
          timestampMs: optNum(item, 'timestamp'),
          strategy: optStr(item, 'strategy'),
          entryTag: optStr(item, 'entry_tag'),
          exitReason: optStr(item, 'exit_reason'),
          ...executionFields(item)
        })
      return
    }
    case 'price': {
      logger.logPrice(str(item, 'symbol'), num(item, 'price'), optNum(item, 'timestamp'))
      return
    }
    case 'engine_cycle':
      normalizeLabels({ state: str(item, 'state') })
      logger.logEngineCycle(num(item, 'cycle_time'), str(item, 'state'), num(item, 'positions'), num(item, 'signals'), num(item, 'orders'))
      return
    case 'scanner': {
      const f = (item.filters ?? {}) as Record<string, number>
      for (const k of Object.keys(f)) validateMetricName('scanner_filter_' + k)
      logger.logScannerMetrics(num(item, 'symbols_scanned'), num(item, 'candidates_found'), num(item, 'scan_time'), f)
      return
    }
    case 'risk':
      logger.logRiskMetrics(num(item, 'current'), num(item, 'max'), num(item, 'position'), num(item, 'daily_pnl'))
      return
    case 'latency':
      logger.logLatency(str(item, 'component'), num(item, 'seconds'), tagsOf(item))
      return
    case 'balance': {
      const asset = str(item, 'asset')
      normalizeLabels({ asset })
      const free = num(item, 'free')
      const total = num(item, 'total')
      // Free may be negative on margin accounts; it is never more than the total.
      if (free > total) throw new InvalidArgumentError('free', `must not exceed total, got free ${free} and total ${total}`)
      logger.logBalance(asset, free, total)
      return
    }
    case 'market_data': {
      const symbol = optStr(item, 'symbol')
      if (symbol !== undefined) normalizeLabels({ symbol })
      logger.logMarketData(num(item, 'messages'), { symbol, volatility: optNum(item, 'volatility'), timestampMs: optNum(item, 'timestamp') })
      return
    }
    default:
      // checkEventItem knows every type this switch does.
      throw new MetricsError('BM_ERR_INTERNAL', `no recorder for item type ${String(item.type)}`)
  }
}

/**
 * Records a batch from a bot in another language. Each item is checked on
 * its own: a bad item is reported by index and the good ones are kept.
 * Each item is checked in full before any of its points is recorded.
 * Throws the PersistenceError of a subscribed store that cannot keep a
 * trade event: that is no fault of the item, and the caller's batch
 * (`logger.batch`) rolls back.
 */
export function ingestEvents (logger: MetricsLogger, items: readonly unknown[]): IngestResult {
  const rejected: RejectedItem[] = []
  let accepted = 0
  for (let index = 0; index < items.length; index++) {
    const item = items[index]
    try {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InvalidArgumentError('item', 'must be an object with a type')
      logger.strictly(() => ingestOne(logger, item as Item))
      accepted++
    } catch (error) {
      // A store that cannot keep the item is no fault of the item: the whole batch fails (503).
      if (error instanceof PersistenceError) throw error
      const typed = error instanceof MetricsError ? error : new MetricsError('BM_ERR_INTERNAL', 'unexpected error')
      rejected.push({ index, error: typed.code, message: typed.message })
    }
  }
  return { accepted, rejected }
}
