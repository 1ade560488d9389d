import { Type } from 'typebox'
import type { TSchema } from 'typebox'
import { MAX_EXCHANGE_LENGTH } from '../trading/fill-fields.ts'
import { TRADE_LIMITS } from '../trading/trade-validation.ts'

/** A schema's description (TypeBox keeps it as a plain property). */
export const descriptionOf = (schema: TSchema): string | undefined => (schema as { description?: string }).description

// Each property's `description` completes "<field>: must be ...": it is the
// per-item error message and the OpenAPI text at once.
const text = (): TSchema => Type.String({ minLength: 1, maxLength: 256, description: 'a non-empty string of at most 256 characters' })
const finite = (): TSchema => Type.Number({ description: 'a finite number' })
const atLeast0 = (): TSchema => Type.Number({ minimum: 0, description: 'a finite number >= 0' })
const above0 = (): TSchema => Type.Number({ exclusiveMinimum: 0, description: 'a finite number > 0' })
/** An optional field: absent or null means not given. */
const opt = (schema: TSchema): TSchema => Type.Optional(Type.Union([schema, Type.Null()], { description: descriptionOf(schema) }))
const choice = (values: readonly string[], description: string): TSchema =>
  Type.Union(values.map((v) => Type.Literal(v)), { description })
const object = (description: string): TSchema => Type.Record(Type.String(), Type.Unknown(), { description })
const timestamp = (): TSchema => opt(Type.Number({ description: 'epoch ms (default now)' }))
const item = (type: string, properties: Record<string, TSchema>, description: string): TSchema =>
  Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false, title: `${type} item`, description })

/**
 * One schema per item type of `POST /events`, the item's `type` its
 * discriminator. Property order is the order the error for an unknown field
 * lists them in. A trade item's values are also checked by the trade
 * validator (docs/TRADING_METRICS.md): the bounds here come from its
 * constants, so both refuse the same values.
 */
export const EVENT_ITEM_SCHEMAS: Readonly<Record<string, TSchema>> = Object.freeze({
  metric: item('metric', {
    name: text(),
    value: finite(),
    tags: opt(object('an object of label name to string value')),
    timestamp: timestamp()
  }, 'a point of any metric'),
  trade: item('trade', {
    event: choice(['opened', 'reduced', 'closed'], 'opened, reduced or closed'),
    trade_id: opt(Type.String({ minLength: 1, maxLength: TRADE_LIMITS.tradeIdLength, description: `a string of 1 to ${TRADE_LIMITS.tradeIdLength} characters` })),
    symbol: Type.String({ minLength: 1, maxLength: TRADE_LIMITS.symbolLength, description: `a string of 1 to ${TRADE_LIMITS.symbolLength} characters` }),
    side: Type.String({ pattern: '^([Ll][Oo][Nn][Gg]|[Ss][Hh][Oo][Rr][Tt]|[Bb][Uu][Yy]|[Ss][Ee][Ll][Ll])$', description: 'long, short, buy or sell (any case)' }),
    quantity: Type.Number({ minimum: 0, description: 'a finite number > 0 (>= 0 on closed)' }),
    price: above0(),
    fees: opt(finite()),
    pnl: opt(finite()),
    timestamp: timestamp(),
    metadata: opt(object('an object of key to value')),
    decision_price: opt(above0()),
    order_type: opt(choice(['market', 'limit'], 'market or limit')),
    liquidity: opt(choice(['maker', 'taker'], 'maker or taker')),
    requested_at: opt(Type.Number({ minimum: 0, description: 'epoch ms >= 0' })),
    exchange: opt(Type.String({ minLength: 1, maxLength: MAX_EXCHANGE_LENGTH, description: `a string of 1 to ${MAX_EXCHANGE_LENGTH} characters` })),
    stop_price: opt(above0()),
    strategy: opt(text()),
    entry_tag: opt(text()),
    exit_reason: opt(text())
  }, 'a trade event (docs/TRADING_METRICS.md); without trade_id, one open position per symbol and side'),
  price: item('price', {
    symbol: Type.String({ minLength: 1, maxLength: 64, description: 'a string of 1 to 64 characters' }),
    price: above0(),
    timestamp: timestamp()
  }, 'the last price of a symbol: open positions are marked to it'),
  engine_cycle: item('engine_cycle', {
    cycle_time: atLeast0(),
    state: text(),
    positions: atLeast0(),
    signals: atLeast0(),
    orders: atLeast0()
  }, 'one engine cycle: its time in seconds and counts'),
  scanner: item('scanner', {
    symbols_scanned: atLeast0(),
    candidates_found: atLeast0(),
    scan_time: atLeast0(),
    filters: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'an object of filter name to count' }))
  }, 'one scanner run: counts, its time in seconds, matches per filter'),
  risk: item('risk', {
    current: finite(),
    max: finite(),
    position: finite(),
    daily_pnl: finite()
  }, 'the risk figures'),
  latency: item('latency', {
    component: text(),
    seconds: atLeast0(),
    tags: opt(object('an object of label name to string value'))
  }, 'a component latency, seconds'),
  balance: item('balance', {
    asset: text(),
    free: finite(),
    total: finite()
  }, 'an asset balance: free (not above total) and total'),
  market_data: item('market_data', {
    messages: atLeast0(),
    symbol: opt(text()),
    volatility: opt(finite()),
    timestamp: timestamp()
  }, 'market data messages since the previous item, and the bot\'s volatility figure')
})

/** The item types, in the order the error for an unknown type names them. */
export const EVENT_ITEM_TYPES: readonly string[] = Object.freeze(Object.keys(EVENT_ITEM_SCHEMAS))

/** Any item of `POST /events`: the union of EVENT_ITEM_SCHEMAS, discriminated by `type` (OpenAPI). */
export const EventItemSchema = Type.Union(Object.values(EVENT_ITEM_SCHEMAS), { description: 'an item, by its `type`' })
