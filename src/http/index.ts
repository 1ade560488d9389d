/**
 * Breakout Metrics' Fastify plugins (`breakout-metrics/http`): the Metrics API, the app the
 * service runs, the health probes, the dashboard and the security plugin. Every export is named
 * here; the logger they serve comes from the library entry (`breakout-metrics`).
 */
export { metricsApi } from './plugin.ts'
export type { MetricsApiOptions } from './plugin.ts'
export type { ApiSecurityOptions } from './security/api-security.ts'
export { ingestEvents } from './ingest.ts'
export type { IngestResult, RejectedItem } from './ingest.ts'
export { buildApp } from './app.ts'
export type { AppOptions, TlsOptions } from './app.ts'
export { healthProbes } from './health-probes.ts'
export { dashboardRoutes, DASHBOARD_DIR } from './dashboard.ts'
export { security, DEFAULT_SECURITY } from './security/security-plugin.ts'
export { parseAllowedHosts } from './security/host-check.ts'
export type { SecurityOptions, Principal, RouteSecurityEntry } from './security/security-plugin.ts'
export { Scope, RateClass } from './security/route-security.ts'
export type { RouteSecurityConfig } from './security/route-security.ts'
export { parseApiKeys, keyFingerprint } from './security/api-keys.ts'
export type { ApiKeyEntry } from './security/api-keys.ts'
export { DEFAULT_RATE_LIMITS, parseRateLimits } from './security/rate-limit-config.ts'
export type { RateLimit, RateLimits } from './security/rate-limit-config.ts'
export { StreamHub, DEFAULT_STREAM_OPTIONS } from './stream-hub.ts'
export type { StreamOptions, StreamStats, StreamSink } from './stream-hub.ts'
export { ReadCache, DEFAULT_READ_CACHE_BYTES } from './read-cache.ts'
export type { ReadCacheStats } from './read-cache.ts'
