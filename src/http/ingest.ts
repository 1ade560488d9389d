import { InvalidArgumentError, MetricsError, PersistenceError } from '../core/errors.ts'
import { normalizeLabels, validateMetricName } from '../core/label-set.ts'
import type { TagsInput } from '../core/label-set.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { TradeEventOptions } from '../logger/trade-event-options.ts'
import { MAX_EXCHANGE_LENGTH } from '../trading/fill-fields.ts'
import { parseSide } from '../trading/trade-records.ts'
import { TRADE_BUILDING_EVENTS } from '../trading/trade-validation.ts'

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

function field (item: Item, name: string, kind: 'number' | 'string', optional = false): unknown {
  const v = item[name]
  if (v === undefined || v === null) {
    if (optional) return undefined
    throw new InvalidArgumentError(name, 'is required')
  }
  if (kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw new InvalidArgumentError(name, `must be a finite number, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`)
  if (kind === 'string' && (typeof v !== 'string' || v.length === 0 || v.length > 256)) throw new InvalidArgumentError(name, 'must be a non-empty string of at most 256 characters')
  return v
}

const num = (item: Item, name: string): number => field(item, name, 'number') as number
const optNum = (item: Item, name: string): number | undefined => field(item, name, 'number', true) as number | undefined
const str = (item: Item, name: string): string => field(item, name, 'string') as string
const optStr = (item: Item, name: string): string | undefined => field(item, name, 'string', true) as string | undefined

function tagsOf (item: Item): TagsInput | undefined {
  const t = item.tags
  if (t === undefined || t === null) return undefined
  if (typeof t !== 'object' || Array.isArray(t)) throw new InvalidArgumentError('tags', 'must be an object of label name to string value')
  return t as TagsInput
}

/** A trade's metadata: an object or absent. Which keys are kept is the ledger's business (TradingOptions.metadataKeys). */
function metadataOf (item: Item): Record<string, unknown> | null {
  const m = item.metadata
  if (m === undefined || m === null) return null
  if (typeof m !== 'object' || Array.isArray(m)) throw new InvalidArgumentError('metadata', 'must be an object of key to value')
  return m as Record<string, unknown>
}

function nonNegative (item: Item, name: string): number {
  const v = num(item, name)
  if (v < 0) throw new InvalidArgumentError(name, `must be >= 0, got ${v}`)
  return v
}

/**
 * The fields each item type takes. Anything else is refused, item by item:
 * a misspelt optional field (`tag` for `tags`) would otherwise be dropped
 * without a word and the point stored without its labels.
 */
const FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  metric: new Set(['type', 'name', 'value', 'tags', 'timestamp']),
  trade: new Set(['type', 'event', 'trade_id', 'symbol', 'side', 'quantity', 'price', 'fees', 'pnl', 'timestamp', 'metadata',
    'decision_price', 'order_type', 'liquidity', 'requested_at', 'exchange', 'stop_price', 'strategy', 'entry_tag', 'exit_reason']),
  price: new Set(['type', 'symbol', 'price', 'timestamp']),
  engine_cycle: new Set(['type', 'cycle_time', 'state', 'positions', 'signals', 'orders']),
  scanner: new Set(['type', 'symbols_scanned', 'candidates_found', 'scan_time', 'filters']),
  risk: new Set(['type', 'current', 'max', 'position', 'daily_pnl']),
  latency: new Set(['type', 'component', 'seconds', 'tags']),
  balance: new Set(['type', 'asset', 'free', 'total']),
  market_data: new Set(['type', 'messages', 'symbol', 'volatility', 'timestamp'])
}

function rejectUnknownFields (item: Item): void {
  const allowed = typeof item.type === 'string' ? FIELDS[item.type] : undefined
  if (allowed === undefined) return
  for (const k in item) {
    if (!allowed.has(k)) throw new InvalidArgumentError(k.slice(0, 64), `unknown field of a ${String(item.type)} item; it takes ${[...allowed].join(', ')}`)
  }
}

function optPositive (item: Item, name: string): number | null {
  const v = optNum(item, name)
  if (v !== undefined && v <= 0) throw new InvalidArgumentError(name, `must be > 0, got ${v}`)
  return v ?? null
}

function optChoice<T extends string> (item: Item, name: string, choices: readonly T[]): T | null {
  const v = item[name]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(name, `must be ${choices.join(' or ')}, got ${JSON.stringify(v)}`)
  }
  return v as T
}

/** The optional execution fields of a trade item, checked (docs/TRADING_METRICS.md, "Execution quality"). */
function executionFields (item: Item): TradeEventOptions {
  const requestedAt = optNum(item, 'requested_at')
  if (requestedAt !== undefined && requestedAt < 0) throw new InvalidArgumentError('requested_at', `must be epoch ms >= 0, got ${requestedAt}`)
  const exchange = item.exchange === undefined || item.exchange === null ? null : str(item, 'exchange')
  if (exchange !== null && exchange.length > MAX_EXCHANGE_LENGTH) throw new InvalidArgumentError('exchange', `must be at most ${MAX_EXCHANGE_LENGTH} characters`)
  return {
    decisionPrice: optPositive(item, 'decision_price'),
    orderType: optChoice(item, 'order_type', ['market', 'limit'] as const),
    liquidity: optChoice(item, 'liquidity', ['maker', 'taker'] as const),
    requestedAtMs: requestedAt ?? null,
    exchange,
    stopPrice: optPositive(item, 'stop_price')
  }
}

/** Records one item; throws a typed error when the item is bad. */
function ingestOne (logger: MetricsLogger, item: Item): void {
  rejectUnknownFields(item)
  switch (item.type) {
    case 'metric':
      logger.logMetric(str(item, 'name'), num(item, 'value'), tagsOf(item), optNum(item, 'timestamp'))
      return
    case 'trade': {
      const event = str(item, 'event')
      if (!TRADE_BUILDING_EVENTS.includes(event)) throw new InvalidArgumentError('event', 'must be opened, reduced or closed')
      // The trade validator's own reading of a side (any case), so that both accept the same.
      const side = str(item, 'side')
      if (parseSide(side) === null) throw new InvalidArgumentError('side', 'must be long, short, buy or sell')
      const quantity = num(item, 'quantity')
      // A close takes what remains: its quantity may be 0 when the bot does not track it.
      if (quantity < 0 || (quantity === 0 && event !== 'closed')) {
        throw new InvalidArgumentError('quantity', `must be > 0 (>= 0 on closed), got ${quantity}`)
      }
      const price = num(item, 'price')
      if (price <= 0) throw new InvalidArgumentError('price', `must be > 0, got ${price}`)
      const tradeId = item.trade_id === undefined || item.trade_id === null ? null : str(item, 'trade_id')
      logger.logTradeEvent(event, str(item, 'symbol'), side, quantity, price, optNum(item, 'pnl') ?? null, metadataOf(item),
        {
          fees: optNum(item, 'fees') ?? null,
          tradeId,
          timestampMs: optNum(item, 'timestamp'),
          strategy: optStr(item, 'strategy'),
          entryTag: optStr(item, 'entry_tag'),
          exitReason: optStr(item, 'exit_reason'),
          ...executionFields(item)
        })
      return
    }
    case 'price': {
      const price = num(item, 'price')
      if (price <= 0) throw new InvalidArgumentError('price', `must be > 0, got ${price}`)
      const symbol = str(item, 'symbol')
      if (symbol.length > 64) throw new InvalidArgumentError('symbol', 'must be at most 64 characters')
      logger.logPrice(symbol, price, optNum(item, 'timestamp'))
      return
    }
    case 'engine_cycle':
      normalizeLabels({ state: str(item, 'state') })
      logger.logEngineCycle(nonNegative(item, 'cycle_time'), str(item, 'state'), nonNegative(item, 'positions'), nonNegative(item, 'signals'), nonNegative(item, 'orders'))
      return
    case 'scanner': {
      const filters = item.filters
      if (filters !== undefined && (typeof filters !== 'object' || filters === null || Array.isArray(filters))) {
        throw new InvalidArgumentError('filters', 'must be an object of filter name to count')
      }
      const f = (filters ?? {}) as Record<string, unknown>
      for (const k of Object.keys(f)) {
        field(f, k, 'number')
        validateMetricName('scanner_filter_' + k)
      }
      logger.logScannerMetrics(nonNegative(item, 'symbols_scanned'), nonNegative(item, 'candidates_found'), nonNegative(item, 'scan_time'), f as Record<string, number>)
      return
    }
    case 'risk':
      logger.logRiskMetrics(num(item, 'current'), num(item, 'max'), num(item, 'position'), num(item, 'daily_pnl'))
      return
    case 'latency':
      logger.logLatency(str(item, 'component'), nonNegative(item, 'seconds'), tagsOf(item))
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
      const symbol = item.symbol === undefined || item.symbol === null ? undefined : str(item, 'symbol')
      if (symbol !== undefined) normalizeLabels({ symbol })
      logger.logMarketData(nonNegative(item, 'messages'), { symbol, volatility: optNum(item, 'volatility'), timestampMs: optNum(item, 'timestamp') })
      return
    }
    default:
      throw new InvalidArgumentError('type', 'must be one of metric, trade, price, engine_cycle, scanner, risk, latency, balance, market_data')
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
