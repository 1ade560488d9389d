import type { AlertEvent } from './alert.ts'
import type { DeliveryConfig } from './health-config.ts'
import { HttpDelivery } from './http-delivery.ts'
import type { DeliveryStats } from './http-delivery.ts'

/**
 * The body of a webhook post: one alert change with the instance it
 * comes from.
 *
 * @example
 * { instance: 'bot-1:8000', check: 'cpu_high', alertname: 'BreakoutHighCpu', change: 'firing', severity: 'warning',
 *   previous_severity: 'ok', message: 'Process CPU usage high: cpu_percent latest over 1m = 92.4, above the warning threshold 90',
 *   summary: 'Process CPU usage high', value: 92.4, threshold: 90, since: 1735689600000,
 *   timestamp: 1735689615000, labels: {} }
 */
export interface WebhookPayload extends AlertEvent {
  instance: string
}

/**
 * Posts every alert change as JSON to a URL (a chat relay, an incident
 * tool), through an HttpDelivery: never on the caller's path, retried with
 * backoff, bounded.
 */
export class WebhookNotifier {
  readonly instance: string
  private readonly delivery: HttpDelivery

  constructor (config: DeliveryConfig, options: { instance?: string, warn?: (message: string) => void } = {}) {
    this.instance = options.instance ?? 'breakout-metrics'
    this.delivery = new HttpDelivery(config, config.url, options.warn)
  }

  /** An alert listener: pass it to `engine.onAlert`. */
  readonly notify = (event: AlertEvent): void => {
    const payload: WebhookPayload = { instance: this.instance, ...event }
    this.delivery.post(payload)
  }

  flush (): Promise<void> {
    return this.delivery.flush()
  }

  close (): void {
    this.delivery.close()
  }

  stats (): DeliveryStats {
    return this.delivery.stats()
  }
}
