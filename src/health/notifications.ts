import type { Clock } from '../collect/clock.ts'
import { AlertmanagerNotifier } from './alertmanager-notifier.ts'
import type { HealthConfig } from './health-config.ts'
import type { HealthEngine } from './health-engine.ts'
import type { DeliveryStats } from './http-delivery.ts'
import { WebhookNotifier } from './webhook-notifier.ts'
import { TradeNotifier } from './trade-notifier.ts'
import type { TradeSource } from './trade-notifier.ts'

/** The notifiers a config asks for, attached to an engine. */
export interface Notifiers {
  webhook: WebhookNotifier | null
  alertmanager: AlertmanagerNotifier | null
  /** Trade and digest messages, when configured and given a trade source. */
  trades: TradeNotifier | null
  /** Delivery counters of each notifier configured. */
  stats (): { webhook?: DeliveryStats, alertmanager?: DeliveryStats, trades?: DeliveryStats }
  /** Resolves once everything queued was sent or given up. */
  flush (): Promise<void>
  /** Detaches from the engine and stops delivery. */
  close (): void
}

/**
 * Creates the webhook and Alertmanager notifiers of `config`, attaches
 * them to `engine` and starts the Alertmanager re-send timer; with
 * `config.trades` and a `tradeSource` (the logger), the trade notifier too.
 *
 * @example const notifiers = attachNotifiers(logger.health!, healthConfigFrom(doc.health, { env: process.env, instance: `${os.hostname()}:8000` }))
 */
export function attachNotifiers (engine: HealthEngine,
  config: Pick<HealthConfig, 'webhook' | 'alertmanager'> & Partial<Pick<HealthConfig, 'trades'>> & { instance?: string },
  options: { clock?: Clock, warn?: (message: string) => void, tradeSource?: TradeSource } = {}): Notifiers {
  const instance = config.alertmanager?.instance ?? config.instance
  const webhook = config.webhook === null ? null : new WebhookNotifier(config.webhook, { instance, warn: options.warn })
  const alertmanager = config.alertmanager === null ? null : new AlertmanagerNotifier(config.alertmanager, { clock: options.clock, warn: options.warn })
  const off = [webhook === null ? null : engine.onAlert(webhook.notify), alertmanager === null ? null : engine.onAlert(alertmanager.notify)]
  alertmanager?.start()
  const trades = config.trades == null || options.tradeSource === undefined
    ? null
    : new TradeNotifier(config.trades, options.tradeSource, { instance: config.instance, warn: options.warn })
  trades?.start()
  return {
    webhook,
    alertmanager,
    trades,
    stats: () => ({
      ...(webhook === null ? {} : { webhook: webhook.stats() }),
      ...(alertmanager === null ? {} : { alertmanager: alertmanager.stats() }),
      ...(trades === null ? {} : { trades: trades.stats() })
    }),
    flush: async () => { await Promise.all([webhook?.flush(), alertmanager?.flush(), trades?.flush()]) },
    close: () => {
      for (const f of off) f?.()
      webhook?.close()
      alertmanager?.close()
      trades?.close()
    }
  }
}
