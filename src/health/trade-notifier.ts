import type { TradeEvent } from '../trading/trade-event.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import type { ClosedTrade } from '../trading/trade-records.ts'
import type { StatisticsQuery, TradingStatistics } from '../trading/trading-statistics.ts'
import { HttpDelivery } from './http-delivery.ts'
import type { DeliveryStats } from './http-delivery.ts'
import { formatHolding, formatNumber, formatSigned, messagePayload, renderTemplate } from './trade-messages.ts'
import type { MessageFields, TradeMessageKind } from './trade-messages.ts'
import type { TradeNotificationConfig } from './trade-notification-config.ts'

/** What the notifier reads: a MetricsLogger fits as it is. */
export interface TradeSource {
  onTrade: (listener: (event: TradeEvent) => void) => () => void
  getTradingStatistics: (query?: StatisticsQuery) => TradingStatistics
  readonly trades: TradeLedger
  now: () => number
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
// The digest hour is checked this often; a minute late is on time for a daily message.
const DIGEST_CHECK_MS = 30_000

/**
 * Sends a message for each trade event (opened; reduced or closed with its
 * P&L) and a daily digest at a UTC hour, in the payload format of the
 * chat (Telegram, Discord, Slack, or JSON), through an HttpDelivery: off
 * the bot's path, rate-limited per chat, retried on 5xx and 429 (with
 * Retry-After), bounded (a burst past the queue drops the oldest messages
 * and counts them). Subscribes to the source's trade events; changes
 * nothing in the ledger.
 */
export class TradeNotifier {
  readonly config: TradeNotificationConfig
  private readonly source: TradeSource
  private readonly instance: string
  private readonly delivery: HttpDelivery
  private readonly unsubscribe: () => void
  private timer: NodeJS.Timeout | null = null
  private lastDigestDay: number | null = null

  constructor (config: TradeNotificationConfig, source: TradeSource, options: { instance?: string, warn?: (message: string) => void } = {}) {
    this.config = config
    this.source = source
    this.instance = options.instance ?? 'breakout-metrics'
    this.delivery = new HttpDelivery(config, config.url, options.warn)
    this.unsubscribe = source.onTrade((event) => { this.onTrade(event) })
  }

  /** Starts the digest timer (unref'd); without a digest hour, nothing to start. */
  start (): void {
    if (this.config.digestHourUtc === null || this.timer !== null) return
    this.timer = setInterval(() => { this.tick(this.source.now()) }, DIGEST_CHECK_MS)
    this.timer.unref()
  }

  /** Sends the digest when `nowMs` is in the digest hour and today's was not sent yet; true when sent. */
  tick (nowMs: number): boolean {
    const hour = this.config.digestHourUtc
    if (hour === null || Math.floor((nowMs % DAY_MS) / HOUR_MS) !== hour) return false
    const day = Math.floor(nowMs / DAY_MS)
    if (this.lastDigestDay === day) return false
    this.lastDigestDay = day
    this.sendDigest(nowMs)
    return true
  }

  /** Queues the digest of the 24 hours up to `nowMs`: P&L, win rate, drawdown, open exposure. */
  sendDigest (nowMs: number): void {
    const s = this.source.getTradingStatistics({ sinceMs: nowMs - DAY_MS, untilMs: nowMs })
    let exposure = 0
    let open = 0
    for (const p of this.source.trades.openPositions()) {
      exposure += p.quantity * p.entry_price
      open++
    }
    this.send('digest', {
      instance: this.instance,
      date: new Date(nowMs).toISOString().slice(0, 10),
      pnl: formatSigned(s.total_pnl),
      closed_trades: s.closed_trades,
      win_rate: s.win_rate === null ? null : `${formatNumber(Math.round(s.win_rate * 1000) / 10)}%`,
      max_drawdown: s.max_drawdown,
      max_drawdown_pct: s.max_drawdown_pct === null ? null : `${formatNumber(Math.round(s.max_drawdown_pct * 100) / 100)}%`,
      open_exposure: exposure,
      open_positions: open
    }, nowMs, s.total_pnl > 0 ? 'win' : s.total_pnl < 0 ? 'loss' : 'neutral')
  }

  private onTrade (event: TradeEvent): void {
    if (event.event === 'opened') {
      if (!this.config.events.opened) return
      this.send('opened', {
        instance: this.instance,
        icon: '🟢',
        symbol: event.symbol,
        side: sideOf(event.side),
        quantity: event.quantity,
        price: event.price
      }, event.timestamp, 'neutral')
      return
    }
    if ((event.event !== 'reduced' && event.event !== 'closed') || !this.config.events.closed) return
    const record = recordOf(this.source.trades, event)
    if (record === null) return
    const outcome = record.outcome === 'win' ? 'win' : record.outcome === 'loss' ? 'loss' : 'neutral'
    this.send('closed', {
      instance: this.instance,
      icon: outcome === 'win' ? '✅' : outcome === 'loss' ? '🔻' : '⚪',
      action: record.final ? 'Closed' : 'Reduced',
      symbol: record.symbol,
      side: record.side,
      quantity: record.quantity,
      entry_price: record.entry_price ?? 'unknown',
      exit_price: record.exit_price,
      pnl: formatSigned(record.pnl),
      fees: record.fees,
      holding: record.holding_seconds === null ? 'unknown (exit of a position never seen open)' : formatHolding(record.holding_seconds),
      outcome: record.outcome
    }, event.timestamp, outcome)
  }

  private send (kind: TradeMessageKind, fields: MessageFields, timestampMs: number, outcome: 'win' | 'loss' | 'neutral'): void {
    const text = renderTemplate(this.config.templates[kind], fields, this.config.format)
    this.delivery.post(messagePayload(this.config.format, kind, text, fields, { chatId: this.config.chatId, timestampMs, outcome }))
  }

  flush (): Promise<void> {
    return this.delivery.flush()
  }

  /** Unsubscribes, stops the digest timer and delivery. */
  close (): void {
    this.unsubscribe()
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.delivery.close()
  }

  stats (): DeliveryStats {
    return this.delivery.stats()
  }
}

function sideOf (side: string): string {
  const s = side.toLowerCase()
  return s === 'buy' ? 'long' : s === 'sell' ? 'short' : s
}

/** The record an exit event just made: the newest with its symbol and close time (the ledger keeps arrival order among equal times). */
function recordOf (ledger: TradeLedger, event: TradeEvent): Readonly<ClosedTrade> | null {
  const records = ledger.trades
  for (let i = records.length - 1; i >= 0 && records[i].closed_at >= event.timestamp; i--) {
    const r = records[i]
    if (r.closed_at === event.timestamp && r.symbol === event.symbol) return r
  }
  return null
}
