import type { HealthRule } from './rule.ts'

const MIN = 60_000

/** Fields every built-in rule shares unless it says otherwise. */
const BASE = {
  match: {},
  target: null,
  predict: false,
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
 * The trading limits depend on the account: `daily_loss` is off until its
 * thresholds are set; `drawdown` reads the `drawdown_pct` value provider,
 * which reports no data (ok) until the trading layer registers it.
 */
export const DEFAULT_RULES: readonly HealthRule[] = Object.freeze([
  {
    ...BASE,
    id: 'cpu_high',
    description: 'Process CPU usage high',
    source: 'system',
    metric: 'cpu_percent',
    statistic: 'latest',
    windowMs: MIN,
    warning: 90,
    critical: null,
    direction: 'above',
    forMs: 15_000
  },
  {
    ...BASE,
    id: 'memory_high',
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
    description: 'Engine cycles slow',
    source: 'series',
    metric: 'engine_cycle_time',
    statistic: 'p99',
    windowMs: 5 * MIN,
    warning: 1,
    critical: 5,
    direction: 'above',
    forMs: MIN
  },
  {
    ...BASE,
    id: 'order_latency_p99',
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
    description: 'No engine cycle recorded recently',
    source: 'series',
    metric: 'engine_cycle_time',
    statistic: 'age',
    windowMs: MIN,
    warning: 60,
    critical: 300,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0
  },
  {
    ...BASE,
    id: 'scanner_stale',
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
    description: 'Daily loss limit reached',
    source: 'series',
    metric: 'risk_daily_pnl',
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
    id: 'drawdown',
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
