import type { Dashboard } from './grafana-model.ts'

/** One PromQL expression a dashboard runs, and where. */
export interface DashboardExpression {
  where: string
  expr: string
}

/** Every panel query, variable query and annotation query of a dashboard. */
export function dashboardExpressions (dashboard: Dashboard): DashboardExpression[] {
  const out: DashboardExpression[] = []
  for (const panel of dashboard.panels) {
    for (const t of panel.targets ?? []) out.push({ where: `panel "${panel.title}" ${t.refId}`, expr: t.expr })
  }
  for (const v of dashboard.templating.list) {
    const q = (v.query as { query?: string } | undefined)?.query
    const m = /^label_values\((.+), *\w+\)$/.exec(q ?? '')
    if (m !== null) out.push({ where: `variable ${String(v.name)}`, expr: m[1] })
  }
  for (const a of dashboard.annotations.list) {
    if (typeof a.expr === 'string') out.push({ where: `annotation ${String(a.name)}`, expr: a.expr })
  }
  return out
}

/**
 * The expression as Grafana sends it with the instance and bot variables at
 * "All" and the given range: `$instance` -> `.*`, `$bot` -> `.+`, `$__rate_interval` and
 * `$__range` -> the given durations.
 */
export function concreteExpr (expr: string, rateInterval = '1m', range = '10m'): string {
  return expr
    .replaceAll('$instance', '.*')
    .replaceAll('$bot', '.+')
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__range', range)
}
