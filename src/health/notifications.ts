import type { Clock } from '../collect/clock.ts'
import { AlertmanagerNotifier } from './alertmanager-notifier.ts'
import type { HealthConfig } from './health-config.ts'
import type { HealthEngine } from './health-engine.ts'
import type { DeliveryStats } from './http-delivery.ts'
import { WebhookNotifier } from './webhook-notifier.ts'

/** The notifiers a config asks for, attached to an engine. */
export interface Notifiers {
  webhook: WebhookNotifier | null
  alertmanager: AlertmanagerNotifier | null
  /** Delivery counters of each notifier configured. */
  stats (): { webhook?: DeliveryStats, alertmanager?: DeliveryStats }
  /** Resolves once everything queued was sent or given up. */
  flush (): Promise<void>
  /** Detaches from the engine and stops delivery. */
  close (): void
}

/**
 * Creates the webhook and Alertmanager notifiers of `config`, attaches
 * them to `engine` and starts the Alertmanager re-send timer.
 *
 * @example const notifiers = attachNotifiers(logger.health!, healthConfigFrom(doc.health, { env: process.env, instance: `${os.hostname()}:8000` }))
 */
export function attachNotifiers (engine: HealthEngine, config: Pick<HealthConfig, 'webhook' | 'alertmanager'> & { instance?: string },
  options: { clock?: Clock, warn?: (message: string) => void } = {}): Notifiers {
  const instance = config.alertmanager?.instance ?? config.instance
  const webhook = config.webhook === null ? null : new WebhookNotifier(config.webhook, { instance, warn: options.warn })
  const alertmanager = config.alertmanager === null ? null : new AlertmanagerNotifier(config.alertmanager, { clock: options.clock, warn: options.warn })
  const off = [webhook === null ? null : engine.onAlert(webhook.notify), alertmanager === null ? null : engine.onAlert(alertmanager.notify)]
  alertmanager?.start()
  return {
    webhook,
    alertmanager,
    stats: () => ({
      ...(webhook === null ? {} : { webhook: webhook.stats() }),
      ...(alertmanager === null ? {} : { alertmanager: alertmanager.stats() })
    }),
    flush: async () => { await Promise.all([webhook?.flush(), alertmanager?.flush()]) },
    close: () => {
      for (const f of off) f?.()
      webhook?.close()
      alertmanager?.close()
    }
  }
}
