/**
 * Breakout Metrics: the library's public entry point. Every export is named here.
 */
export { MetricsLogger } from './logger/metrics-logger.ts'
export type { MetricsLoggerOptions, PointJson, SeriesJson, ClearResult } from './logger/metrics-logger.ts'
export { BoundSeries } from './logger/bound-series.ts'
export {
  getMetricsLogger,
  setMetricsLogger,
  logMetric,
  logTradeEvent,
  logEngineCycle,
  logScannerMetrics,
  logRiskMetrics,
  logLatency,
  startTimer
} from './logger/default-logger.ts'
export { metricsApi } from './http/plugin.ts'
export type { MetricsApiOptions } from './http/plugin.ts'
export { buildApp } from './http/app.ts'
export type { AppOptions } from './http/app.ts'
export { startService } from './server.ts'
export { DemoBot } from './demo/demo-bot.ts'
export type { DemoBotOptions } from './demo/demo-options.ts'
export type { RunningService } from './server.ts'
export { loadConfig, parseFlags } from './config.ts'
export type { ServiceConfig } from './config.ts'
export { ingestEvents } from './logger/ingest.ts'
export type { IngestResult, RejectedItem } from './logger/ingest.ts'
export { Exposition } from './export/exposition.ts'
export type { ExpositionSource, ExpositionOptions, RenderedExposition } from './export/exposition.ts'
export { negotiateFormat, CONTENT_TYPES } from './export/content-negotiation.ts'
export type { NegotiatedFormat } from './export/content-negotiation.ts'
export { ExpositionFormat } from './export/text-format.ts'
export type { ExtraFamily, ExtraSample, ExtraFamilyProvider } from './export/extra-family.ts'
export { CachedClock, systemClock } from './collect/clock.ts'
export type { Clock, CachedClockOptions } from './collect/clock.ts'
export { SystemSampler } from './collect/system-sampler.ts'
export type { SystemSample } from './collect/system-sample.ts'
export { SeriesStore, DEFAULT_STORE_OPTIONS, OVERFLOW_LABELS } from './core/store.ts'
export type { StoreOptions } from './core/store.ts'
export { RingBuffer } from './core/ring-buffer.ts'
export { summarize, percentileSorted, NO_DATA } from './core/statistics.ts'
export type { Statistics, NoData, StatisticsResult } from './core/statistics.ts'
export type { PointSet, Selection } from './core/point-set.ts'
export type { Labels, TagsInput } from './core/label-set.ts'
export { MetricKind, DEFAULT_SECONDS_BUCKETS } from './core/metric-kind.ts'
export type { MetricDefinition } from './core/metric-kind.ts'
export type { TradeEvent } from './trading/trade-event.ts'
export {
  MetricsError,
  InvalidMetricNameError,
  InvalidLabelError,
  InvalidValueError,
  UnknownMetricError,
  MetricKindConflictError,
  InvalidArgumentError,
  ConfigError
} from './core/errors.ts'
