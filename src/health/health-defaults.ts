/**
 * Defaults of the health section, with units: the one place they are written (the service's
 * configuration schema shows them from here).
 */
export const HEALTH_DEFAULTS = Object.freeze({
  enabled: true,
  /** Time between evaluations, ms. */
  intervalMs: 5000,
  /** Alert events and audit entries kept. */
  historySize: 500,
  /** Time a remediation action may take, ms. */
  actionTimeoutMs: 10_000,
  builtinRules: true,
  /** The `instance` label when the caller gives none. */
  instance: 'breakout-metrics',
  /** Time one notification POST may take, ms. */
  timeoutMs: 5000,
  /** Attempts after the first. */
  retries: 3,
  /** First retry wait, ms. */
  backoffMs: 500,
  /** Longest retry wait, ms. */
  maxBackoffMs: 30_000,
  /** Posts queued for the webhook, the Alertmanager and the trade chat. */
  webhookQueueSize: 1000,
  alertmanagerQueueSize: 100,
  tradesQueueSize: 100,
  /** Firing alerts sent to Alertmanager again, ms. */
  resendIntervalMs: 60_000,
  /** The scrape job of monitoring/prometheus.yml: the service's `job` label everywhere. */
  job: 'breakout-bot-api',
  /** The trade messages' format when none is given. */
  tradeFormat: 'json' as const
})
