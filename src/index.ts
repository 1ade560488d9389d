/**
 * Breakout Metrics: the library a bot embeds (`breakout-metrics`). Every export is named here.
 *
 * This entry loads the logger, store, statistics, trading, health engine, analysis, exposition
 * and remote write, and nothing of the HTTP server or the database: the Fastify plugins come from
 * `breakout-metrics/http`, the SQLite journal from `breakout-metrics/persist`, the service and
 * the demo from `breakout-metrics/server`. A bot pays, at import, only for what it records with.
 */
export { MetricsLogger } from './logger/metrics-logger.ts'
export type { MetricsLoggerOptions, LoggerHealthOptions, PointJson, SeriesJson, ClearResult, ClearReport } from './logger/metrics-logger.ts'
export { MetricsRecorder } from './logger/metrics-recorder.ts'
export type { MetricsRecorderOptions, RecorderClearResult } from './logger/recorder-options.ts'
export type { LoggerSubscriber } from './logger/logger-subscribers.ts'
export type { TradeInput } from './logger/trade-input.ts'
export { BoundSeries } from './logger/bound-series.ts'
export { TRADE_PNL_METRIC } from './logger/trade-points.ts'
export { FILL_SLIPPAGE_METRIC, FILL_LATENCY_METRIC } from './logger/fill-points.ts'
export type { TradeEventOptions } from './logger/trade-event-options.ts'
export {
  getMetricsLogger,
  setMetricsLogger,
  logMetric,
  logTradeEvent,
  logPrice,
  logEngineCycle,
  logScannerMetrics,
  logRiskMetrics,
  logLatency,
  logMarketData,
  startTimer
} from './logger/default-logger.ts'
export { EquityRecorder, EQUITY_SERIES, EQUITY_POINT_INTERVAL_MS } from './logger/equity-points.ts'
export type { AccountFigures } from './logger/account-figures.ts'
export type { MarketDataOptions } from './logger/market-data.ts'
export { Exposition } from './export/exposition.ts'
export type { ExpositionSource, ExpositionOptions, RenderedExposition } from './export/exposition.ts'
export { negotiateFormat, CONTENT_TYPES } from './export/content-negotiation.ts'
export type { NegotiatedFormat } from './export/content-negotiation.ts'
export { ExpositionFormat } from './export/text-format.ts'
export type { ExtraFamily, ExtraSample, ExtraFamilyProvider } from './export/extra-family.ts'
export { tradingFamilies, MAX_SYMBOL_LABELS, MAX_STRATEGY_LABELS } from './export/trading-families.ts'
export { riskFamilies, RISK_GAUGES } from './export/risk-families.ts'
export { CachedClock, systemClock } from './collect/clock.ts'
export type { Clock, CachedClockOptions } from './collect/clock.ts'
export { SystemSampler } from './collect/system-sampler.ts'
export type { SystemSample } from './collect/system-sample.ts'
export { SYSTEM_SERIES_FIELDS, SYSTEM_SERIES_NAMES, isSystemSeriesName } from './collect/system-series.ts'
export type { SystemSeriesField } from './collect/system-series.ts'
export { SeriesStore, DEFAULT_STORE_OPTIONS, OVERFLOW_LABELS } from './core/store.ts'
export type { StoreOptions } from './core/store.ts'
export { RingBuffer } from './core/ring-buffer.ts'
export type { PointRing } from './core/ring-buffer.ts'
export { ChunkedRing, BLOCK_POINTS } from './core/chunked-ring.ts'
export { SealQueue } from './core/seal-queue.ts'
export type { SealScheduler } from './core/seal-queue.ts'
export type { SavedChunks } from './core/chunked-ring-state.ts'
export { encodeChunk, decodeChunk, chunkBytes, CHUNK_OVERHEAD_BYTES } from './core/point-chunk.ts'
export type { PointChunk } from './core/point-chunk.ts'
export { summarize, percentileSorted, NO_DATA } from './core/statistics.ts'
export type { Statistics, NoData, StatisticsResult } from './core/statistics.ts'
export type { PointSet, Selection } from './core/point-set.ts'
export type { Labels, TagsInput } from './core/label-set.ts'
export { MetricKind, DEFAULT_SECONDS_BUCKETS } from './core/metric-kind.ts'
export type { MetricDefinition } from './core/metric-kind.ts'
export type { TradeEvent } from './trading/trade-event.ts'
export { TradeLedger } from './trading/trade-ledger.ts'
export type { ApplyResult, BeforeApply } from './trading/trade-ledger.ts'
export { PositionSide, TradeOutcome, parseSide } from './trading/trade-records.ts'
export { validateTradeEvent, TRADE_BUILDING_EVENTS, TRADE_LIMITS } from './trading/trade-validation.ts'
export type { CheckedTradeEvent } from './trading/trade-validation.ts'
export type { ClosedTrade, OpenPosition } from './trading/trade-records.ts'
export { ExecutionBook } from './trading/execution-book.ts'
export type { ExecutionQuery, ExecutionReport, ExecutionGroup } from './trading/execution-book.ts'
export type { ExecutionFigures } from './trading/execution-aggregate.ts'
export { Liquidity, OrderType } from './trading/fill-quality.ts'
export type { FillQuality } from './trading/fill-quality.ts'
export { SLIPPAGE_BPS_BUCKETS, FILL_LATENCY_BUCKETS } from './core/metric-catalog.ts'
export { DEFAULT_TRADING_OPTIONS } from './trading/trading-options.ts'
export type { TradingOptions } from './trading/trading-options.ts'
export { DEFAULT_TRADE_METADATA_KEYS, parseTradeMetadataKeys } from './trading/trade-metadata.ts'
export { computeTradingStatistics } from './trading/trading-statistics.ts'
export type { TradingStatistics, StatisticsQuery, HoldingSeconds } from './trading/trading-statistics.ts'
export { riskFigures, rollingSharpe, quantileSorted, ROLLING_SHARPE_DAYS } from './trading/risk-figures.ts'
export type { RiskFigures, RiskConvention } from './trading/risk-figures.ts'
export { computeBreakdown } from './trading/period-breakdown.ts'
export type { PeriodBreakdown, PeriodRow, BreakdownQuery } from './trading/period-breakdown.ts'
export { PeriodUnit } from './trading/calendar.ts'
export { listTrades } from './trading/trade-list.ts'
export { computeGroupBreakdown, parseBreakdownBy, BREAKDOWN_BY, BREAKDOWN_KEYS } from './trading/breakdown.ts'
export type { GroupBreakdown, GroupBreakdownQuery, GroupFigures, BreakdownRow, BreakdownKey } from './trading/breakdown.ts'
export { ContextLabels, CONTEXT_FIELDS, CONTEXT_LIMITS, OTHER_CONTEXT_VALUE, checkTradeContext } from './trading/trade-context.ts'
export type { ContextField } from './trading/trade-context.ts'
export { MarkToMarket } from './trading/mark-to-market.ts'
export type { MarkedPosition, AccountMark } from './trading/mark-to-market.ts'
export { timeInMarketPct, maxDrawdownPct } from './trading/time-in-market.ts'
export type { TradePage, TradeListQuery } from './trading/trade-list.ts'
export { currentDrawdownPct, dailyRealizedPnl } from './trading/ledger-health.ts'
export { parseWindow, resolveWindow } from './trading/trade-window.ts'
export type { WindowQuery, TimeWindow } from './trading/trade-window.ts'
export type { TradeFilter } from './trading/trade-selection.ts'
export type { FamilyState, ImportReport } from './core/store.ts'
export type { AnnotationStore, Annotation, NewAnnotation, AnnotationChange, BeforeAnnotationChange } from './core/annotations.ts'
export type { SeriesState } from './core/series.ts'
export { QuantileSketch, SKETCH_BIN_LIMIT } from './core/quantile-sketch.ts'
export type { SketchSummary, SketchState, SketchBins } from './core/quantile-sketch.ts'
export { HyperLogLog } from './core/hyperloglog.ts'
export { DistinctCounters } from './core/distinct-counters.ts'
export type { DistinctCount, DistinctCounterState } from './core/distinct-counters.ts'
export { AdaptiveSamplingController } from './core/adaptive-sampling.ts'
export type { AdaptiveSamplingSettings } from './core/adaptive-sampling.ts'
export type { SamplingOptions, SamplingMode, SampledInfo, SampleWeights } from './core/sampling.ts'
export type { SampledStatistics, WeightedPointSet } from './core/weighted-statistics.ts'
export { cardinality } from './core/cardinality.ts'
export type { CardinalityReport, MetricCardinality, LabelCardinality } from './core/cardinality.ts'
export { downsample, bucketsToJson } from './analysis/downsample.ts'
export type { Downsampled, BucketJson, SeriesPoints } from './analysis/downsample.ts'
export { compareWindows, Direction, Verdict } from './analysis/compare.ts'
export type { CompareOptions, CompareResult, Change } from './analysis/compare.ts'
export { compareByCondition, parseConditionThreshold, ConditionSide } from './analysis/compare-by-condition.ts'
export type { ConditionOptions, ConditionThreshold, ConditionSplit, ConditionCompareResult } from './analysis/compare-by-condition.ts'
export type { MannWhitneyResult } from './analysis/mann-whitney.ts'
export { align, correlate, pearson, spearman } from './analysis/correlate.ts'
export type { Aligned, Coefficient, CorrelateResult } from './analysis/correlate.ts'
export { simpleRegression } from './analysis/regression.ts'
export type { SimpleRegression, Prediction } from './analysis/regression.ts'
export { forecast, Seasonality } from './analysis/forecast.ts'
export type { ForecastOptions, ForecastResult, ForecastInsufficient, ForecastPoint } from './analysis/forecast.ts'
export { peaks, PeakMeasure } from './analysis/peaks.ts'
export type { PeaksOptions, PeaksResult, HourOfDay } from './analysis/peaks.ts'
export { capacity } from './analysis/capacity.ts'
export type { CapacityInput, CapacityOptions, CapacityResult, ResourceCost, CapacityInsufficient } from './analysis/capacity.ts'
export { RemoteWriter } from './export/remote-write.ts'
export type { RemoteWriteStats } from './export/remote-write.ts'
export type { RemoteWriteOptions } from './export/remote-write-options.ts'
export type { RemoteSample } from './export/remote-write-encoding.ts'
export { HealthEngine } from './health/health-engine.ts'
export type { HealthEngineOptions, ValueProvider } from './health/health-engine.ts'
export type { HealthReport, PendingCheck, BreachPrediction } from './health/health-report.ts'
export type { AlertEvent, AlertListener, HealthIssue } from './health/alert.ts'
export { Severity, Statistic, Direction as ThresholdDirection, RuleSource } from './health/rule.ts'
export type { HealthRule } from './health/rule.ts'
export { AlertChange } from './health/rule-state.ts'
export { DEFAULT_RULES } from './health/default-rules.ts'
export { registerLedgerValues, LEDGER_VALUES } from './health/ledger-values.ts'
export type { ValueRegistry } from './health/ledger-values.ts'
export type { RemediationAction, RemediationContext, AuditEntry } from './health/remediation.ts'
export type { ProbeResult } from './health/probes.ts'
export { healthConfigFrom } from './health/health-config.ts'
export { loadHealthConfig, readConfigDocument, applyProfile } from './health/config-file.ts'
export type { HealthConfig, HealthConfigOptions, DeliveryConfig, AlertmanagerConfig } from './health/health-config.ts'
export { TradeNotifier } from './health/trade-notifier.ts'
export type { TradeSource } from './health/trade-notifier.ts'
export { tradeNotificationConfigFrom } from './health/trade-notification-config.ts'
export type { TradeNotificationConfig } from './health/trade-notification-config.ts'
export { DEFAULT_TRADE_TEMPLATES, TradeMessageFormat, messagePayload, renderTemplate } from './health/trade-messages.ts'
export type { TradeMessageKind, TradeTemplates, MessageFields } from './health/trade-messages.ts'
export { attachNotifiers } from './health/notifications.ts'
export type { Notifiers } from './health/notifications.ts'
export { WebhookNotifier } from './health/webhook-notifier.ts'
export type { WebhookPayload } from './health/webhook-notifier.ts'
export { AlertmanagerNotifier } from './health/alertmanager-notifier.ts'
export type { AlertmanagerAlert } from './health/alertmanager-notifier.ts'
export type { DeliveryStats } from './health/http-delivery.ts'
export {
  MetricsError,
  InvalidMetricNameError,
  InvalidLabelError,
  InvalidValueError,
  UnknownMetricError,
  MetricKindConflictError,
  InvalidArgumentError,
  ConfigError,
  TooManyStreamsError,
  InvalidTradeEventError,
  TradeRejectedError,
  PersistenceError,
  RemoteWriteError,
  SeriesLimitError,
  UnauthorizedError,
  ForbiddenError,
  AdminKeyRequiredError,
  HostNotAllowedError,
  RateLimitedError,
  JsonTooDeepError
} from './core/errors.ts'
