import type { HealthRule } from './rule.ts'

const MIN = 60_000

/** Fields every built-in rule shares unless it says otherwise. */
const BASE = {
  match: {},
  fallback: null,
  target: null,
  predict: false,
  // A trend needs history: just after a start, a few noisy samples would project any level.
  predictMinPoints: 10,
  predictMinHistoryMs: 5 * 60_000,
  noData: 'ok',
  actions: [],
  actionsOn: 'critical',
  readiness: false,
  enabled: true,
  labels: {},
  keepFiringForMs: 30_000
} as const satisfies Partial<HealthRule>

/**
 * The built-in rules: the original service's three checks (CPU > 90 %,
 * memory > 95 %: warning; no metrics recorded: warning), plus latency,
 * stale-data, event-loop and trading-limit rules. docs/HEALTH.md has the
 * same table. A config file overrides any field by rule id.
 *
 * A rule that watches the same condition as an alert in monitoring/rules/
 * has that alert's `alertname` and thresholds (the original's warnings
 * set both sides), so that one problem is one alert in Alertmanager
 * whichever source raises it; a test compares the two. Their `for` is
 * shorter: the service sees its own samples at once, Prometheus after a
 * scrape, and it is Prometheus' alert that wins once both fire.
 *
 * The trading limits depend on the account: `daily_loss` and `balance_low`
 * are off until their thresholds are set; `daily_loss` reads the bot's
 * `risk_daily_pnl`, else the ledger's `daily_pnl`; `drawdown` reads
 * `drawdown_pct`, the current drawdown of the ledger's realized equity (no
 * data, ok, without a starting balance). A MetricsLogger registers both providers.
 */
export const DEFAULT_RULES: readonly HealthRule[] = Object.freeze([
  {
    ...BASE,
    id: 'cpu_high',
    alertname: 'BreakoutHighCpu',
    description: 'Process CPU usage high',
    source: 'system',
    metric: 'cpu_percent',
    statistic: 'latest',
    windowMs: MIN,
    warning: 90,
    critical: 95,
    direction: 'above',
    forMs: 15_000
  },
  {
    ...BASE,
    id: 'memory_high',
    alertname: 'BreakoutHighMemory',
    description: 'Process memory high',
    source: 'system',
    metric: 'memory_percent',
    statistic: 'latest',
    windowMs: 10 * MIN,
    warning: 95,
    critical: 98,
    direction: 'above',
    forMs: 15_000,
    predict: true,
    actions: ['shrink_retention']
  },
  {
    ...BASE,
    id: 'disk_high',
    alertname: 'disk_high',
    description: 'Data directory disk almost full',
    source: 'system',
    metric: 'disk_usage_percent',
    statistic: 'latest',
    windowMs: 30 * MIN,
    warning: 90,
    critical: 95,
    direction: 'above',
    forMs: MIN,
    predict: true
  },
  {
    ...BASE,
    id: 'no_metrics',
    alertname: 'no_metrics',
    description: 'No metrics recorded',
    source: 'value',
    metric: 'metrics_count',
    statistic: 'latest',
    windowMs: MIN,
    warning: 1,
    critical: null,
    direction: 'below',
    forMs: 0,
    keepFiringForMs: 0
  },
  {
    ...BASE,
    id: 'engine_cycle_p99',
    alertname: 'BreakoutEngineCycleSlow',
    description: 'Engine cycles slow',
    source: 'series',
    metric: 'engine_cycle_time',
    statistic: 'p99',
    windowMs: 5 * MIN,
    warning: 0.25,
    critical: 1,
    direction: 'above',
    forMs: MIN
  },
  {
    ...BASE,
    id: 'order_latency_p99',
    alertname: 'BreakoutOrderLatencyHigh',
    description: 'Order execution slow',
    source: 'series',
    metric: 'latency_order_execution',
    statistic: 'p99',
    windowMs: 5 * MIN,
    warning: 0.5,
    critical: 2,
    direction: 'above',
    forMs: MIN
  },
  {
    ...BASE,
    id: 'engine_stale',
    alertname: 'BreakoutEngineStalled',
    description: 'No engine cycle recorded recently',
    source: 'series',
    metric: 'engine_cycle_time',
    statistic: 'age',
    windowMs: MIN,
    warning: 120,
    critical: 300,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0
  },
  {
    ...BASE,
    id: 'scanner_stale',
    alertname: 'scanner_stale',
    description: 'No scanner run recorded recently',
    source: 'series',
    metric: 'scanner_scan_time',
    statistic: 'age',
    windowMs: MIN,
    warning: 300,
    critical: 900,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0
  },
  {
    ...BASE,
    id: 'system_sample_stale',
    alertname: 'system_sample_stale',
    description: 'System sampler stopped reporting',
    source: 'system',
    metric: 'samples',
    statistic: 'age',
    windowMs: MIN,
    warning: 30,
    critical: 120,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0,
    readiness: true
  },
  {
    ...BASE,
    id: 'event_loop_lag',
    alertname: 'event_loop_lag',
    description: 'Event loop lagging',
    source: 'system',
    metric: 'event_loop_lag_p99_ms',
    statistic: 'mean',
    windowMs: MIN,
    warning: 100,
    critical: 500,
    direction: 'above',
    forMs: 30_000
  },
  {
    ...BASE,
    id: 'daily_loss',
    alertname: 'BreakoutDailyLoss',
    description: 'Daily loss limit reached',
    source: 'series',
    metric: 'risk_daily_pnl',
    // A bot that does not log risk_daily_pnl is judged on the ledger's realized P&L of the day.
    fallback: 'daily_pnl',
    statistic: 'latest',
    windowMs: 24 * 60 * MIN,
    warning: -500,
    critical: -1000,
    direction: 'below',
    forMs: 0,
    keepFiringForMs: 0,
    actions: ['pause_entries'],
    enabled: false
  },
  {
    ...BASE,
    id: 'balance_low',
    alertname: 'balance_low',
    description: 'Free balance low: entries would fail for want of funds',
    source: 'series',
    metric: 'balance_free',
    statistic: 'latest',
    // A bot reports its balance when it changes or on a timer; an hour-old figure still counts.
    windowMs: 60 * MIN,
    warning: 100,
    critical: 25,
    direction: 'below',
    forMs: 0,
    keepFiringForMs: 0,
    actions: ['pause_entries'],
    enabled: false
  },
  {
    ...BASE,
    id: 'drawdown',
    alertname: 'drawdown',
    description: 'Drawdown limit reached',
    source: 'value',
    metric: 'drawdown_pct',
    statistic: 'latest',
    windowMs: MIN,
    warning: 10,
    critical: 20,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0,
    actions: ['pause_entries']
  }
].map((r) => Object.freeze(r as HealthRule)))
