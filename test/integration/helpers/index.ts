/**
 * Shared helpers for integration tests: free ports, temp dirs, real servers
 * started and stopped as child processes.
 */
export { freePort } from './free-port.ts'
export { tempDir } from './temp-dir.ts'
export type { TempDir } from './temp-dir.ts'
export { startProcess, waitForHttp, eventually, runTool, START_TIMEOUT_MS } from './server-process.ts'
export type { Started, StartOptions, ToolResult } from './server-process.ts'
export { startWebhookSink } from './webhook-sink.ts'
export { startVictoriaMetrics } from './victoria-metrics.ts'
export type { VictoriaMetrics, ExportedSeries } from './victoria-metrics.ts'
export type { WebhookSink, SinkRequest } from './webhook-sink.ts'
