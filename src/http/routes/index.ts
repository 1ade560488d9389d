import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { alertsRoutes } from './alerts.ts'
import { allRoutes } from './all.ts'
import { annotationRoutes } from './annotations.ts'
import { capacityRoutes } from './capacity.ts'
import { cardinalityRoutes } from './cardinality.ts'
import { clearRoutes } from './clear.ts'
import { compareRoutes } from './compare.ts'
import { correlateRoutes } from './correlate.ts'
import { eventsRoutes } from './events.ts'
import { expositionRoutes } from './exposition.ts'
import { forecastRoutes } from './forecast.ts'
import { healthRoutes } from './health.ts'
import { latencyRoutes } from './latency.ts'
import { metricRoutes } from './metric.ts'
import { performanceRoutes } from './performance.ts'
import { streamRoutes } from './stream.ts'
import { summaryRoutes } from './summary.ts'
import { tradingRoutes } from './trading.ts'
import { tradingExecutionRoutes } from './trading-execution.ts'
import { tradingBreakdownRoutes } from './trading-breakdown.ts'

/** A resource's routes: adds them to the (prefixed) instance. */
export type RouteModule = (app: FastifyInstance, ctx: ApiContext) => Promise<void>

/** Every resource under /api/metrics, one file each. */
export const ROUTES: readonly RouteModule[] = [
  expositionRoutes,
  summaryRoutes,
  performanceRoutes,
  metricRoutes,
  allRoutes,
  healthRoutes,
  alertsRoutes,
  clearRoutes,
  eventsRoutes,
  latencyRoutes,
  tradingRoutes,
  tradingExecutionRoutes,
  tradingBreakdownRoutes,
  annotationRoutes,
  compareRoutes,
  correlateRoutes,
  forecastRoutes,
  capacityRoutes,
  cardinalityRoutes,
  streamRoutes
]
