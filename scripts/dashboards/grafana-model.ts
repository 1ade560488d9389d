/**
 * The subset of Grafana's dashboard JSON model (schemaVersion 39, Grafana 10
 * and 11) that our dashboards use, and small builders for it. Plain types
 * instead of @grafana/grafana-foundation-sdk: the SDK is pre-1.0 and tied to
 * one Grafana release line, and these few shapes are easier to read here
 * than through its builder chains.
 */

/** The datasource that provisioning creates (monitoring/grafana/provisioning). */
export const PROMETHEUS = Object.freeze({ type: 'prometheus', uid: 'prometheus' })

export interface Target {
  refId: string
  expr: string
  legendFormat?: string
  /** Instant query (stat, bar chart) instead of a range. */
  instant?: boolean
  range?: boolean
  format?: 'time_series' | 'table' | 'heatmap'
  datasource: typeof PROMETHEUS
}

export interface ThresholdStep { color: string, value: number | null }

export interface GridPos { h: number, w: number, x: number, y: number }

export interface Panel {
  id: number
  type: 'row' | 'stat' | 'timeseries' | 'heatmap' | 'barchart' | 'table'
  title: string
  description?: string
  gridPos: GridPos
  datasource?: typeof PROMETHEUS
  targets?: Target[]
  fieldConfig?: { defaults: Record<string, unknown>, overrides: unknown[] }
  options?: Record<string, unknown>
  transformations?: Array<{ id: string, options: Record<string, unknown> }>
  collapsed?: boolean
  panels?: Panel[]
}

export interface Dashboard {
  uid: string
  title: string
  description: string
  tags: string[]
  timezone: string
  editable: boolean
  graphTooltip: number
  schemaVersion: number
  version: number
  refresh: string
  time: { from: string, to: string }
  templating: { list: Array<Record<string, unknown>> }
  annotations: { list: Array<Record<string, unknown>> }
  links: unknown[]
  panels: Panel[]
}

/** A query; `legend` is Grafana's legend template (`{{instance}}`). */
export function query (expr: string, legend = '', extra: Partial<Target> = {}): Omit<Target, 'refId'> {
  return { expr, legendFormat: legend, datasource: PROMETHEUS, ...extra }
}

/** Thresholds from a base colour and ascending [value, colour] steps. */
export function thresholds (base: string, ...steps: Array<[number, string]>): { mode: 'absolute', steps: ThresholdStep[] } {
  return { mode: 'absolute', steps: [{ color: base, value: null }, ...steps.map(([value, color]) => ({ color, value }))] }
}

/** Lays panels out left to right, wrapping at 24 columns, and numbers them. */
export class Layout {
  #y = 0
  #x = 0
  #rowHeight = 0
  #id = 0
  readonly panels: Panel[] = []

  row (title: string): void {
    this.#newLine()
    this.panels.push({ id: ++this.#id, type: 'row', title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: this.#y }, panels: [] })
    this.#y += 1
  }

  add (w: number, h: number, panel: Omit<Panel, 'id' | 'gridPos'>, targets: Array<Omit<Target, 'refId'>>): void {
    if (this.#x + w > 24) this.#newLine()
    const refIds = 'ABCDEFGHIJ'
    this.panels.push({
      ...panel,
      id: ++this.#id,
      gridPos: { h, w, x: this.#x, y: this.#y },
      datasource: PROMETHEUS,
      targets: targets.map((t, i) => ({ refId: refIds[i], ...t }))
    })
    this.#x += w
    this.#rowHeight = Math.max(this.#rowHeight, h)
  }

  #newLine (): void {
    this.#y += this.#rowHeight
    this.#x = 0
    this.#rowHeight = 0
  }
}
