import UPlot from 'uplot'
import type uPlot from 'uplot'
import type { Columns } from './downsample.ts'
import { downsampleMinMax, lowerBound, upperBound } from './downsample.ts'
import { formatClock } from './format.ts'
import type { Annotation, ChartOptions } from './chart-types.ts'
import { drawdownAreas } from './drawdown-areas.ts'
import type { DrawdownArea } from './drawdown-areas.ts'

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'

/**
 * A uPlot canvas chart over a time window. `update` takes each line's raw
 * points and draws at most two points a pixel column (min/max per bucket),
 * so 10,000-point series redraw in about a millisecond. The container
 * gets `data-points` (raw points in the window) and `data-latest`.
 */
export class TimeChart {
  readonly element: HTMLElement
  private readonly options: ChartOptions
  private plot: uPlot | null = null
  private readonly host: HTMLElement
  private annotations: Annotation[] = []
  private window: [number, number] = [0, 1]
  private last: { lines: Columns[], x0: number, x1: number } | null = null
  /** Each line's newest value in the window: the legend shows it while the cursor is off the chart. */
  private latestValues: Array<number | null> = []
  /** The shaded line's drawdown areas in the window (options.shade). */
  private shaded: DrawdownArea[] = []
  private readonly resizeObserver: ResizeObserver

  constructor (element: HTMLElement, options: ChartOptions) {
    this.element = element
    this.options = options
    this.host = document.createElement('div')
    this.host.className = 'chart-canvas'
    this.host.setAttribute('role', 'img')
    this.host.setAttribute('aria-label', options.label)
    element.append(this.host)
    element.dataset.points = '0'
    this.resizeObserver = new ResizeObserver(() => { this.resize() })
    this.resizeObserver.observe(this.host)
  }

  /**
   * Draws `lines` (raw points, one Columns per LineSpec; null values are
   * gaps) over [x0, x1] (epoch ms). `data-points` counts the points inside
   * the window (those drawn: a point stamped after x1, by a clock ahead of
   * ours, waits for the window to reach it); `data-latest` is the last
   * line's newest value.
   */
  update (lines: Columns[], x0: number, x1: number): void {
    this.last = { lines, x0, x1 }
    this.window = [x0, x1]
    const width = Math.max(50, this.host.clientWidth)
    let points = 0
    let latest: number | null = null
    this.latestValues = lines.map((line) => {
      const to = upperBound(line.t, x1)
      let newest: number | null = null
      for (let i = lowerBound(line.t, x0); i < to; i++) {
        if (line.v[i] === null) continue
        points++
        newest = line.v[i]
      }
      if (newest !== null) latest = newest
      return newest
    })
    const tables: uPlot.AlignedData[] = lines.map((line) => {
      const d = downsampleMinMax(line, x0, x1, width)
      return [d.t, d.v] as uPlot.AlignedData
    })
    this.element.dataset.points = String(points)
    this.element.dataset.window = String(x1 - x0)
    this.element.dataset.latest = latest === null ? '' : String(latest)
    if (this.options.shade !== undefined) this.findDrawdowns(lines, x0, x1, this.options.shade.lines)
    const data = tables.length === 1 ? tables[0] : UPlot.join(tables)
    if (this.plot === null) this.create(data, width)
    else {
      this.plot.setData(data, false)
      this.plot.setScale('x', { min: x0, max: x1 })
      // uPlot refreshes the legend on cursor moves only: off the chart, show the new latest values.
      if (this.plot.cursor.idx == null) this.plot.setLegend({}, false)
    }
  }

  setAnnotations (annotations: Annotation[]): void {
    this.annotations = annotations
    this.element.dataset.annotations = String(annotations.length)
    this.plot?.redraw(false)
  }

  destroy (): void {
    this.resizeObserver.disconnect()
    this.plot?.destroy()
  }

  private resize (): void {
    if (this.plot === null) return
    const width = Math.max(50, this.host.clientWidth)
    if (Math.abs(width - this.plot.width) < 2) return
    this.plot.setSize({ width, height: this.options.height ?? 160 })
    if (this.last !== null) this.update(this.last.lines, this.last.x0, this.last.x1)
  }

  private create (data: uPlot.AlignedData, width: number): void {
    const { options } = this
    const axisColor = cssVar('--text-muted')
    const gridColor = cssVar('--grid')
    // Dots where a line has few points: a series younger than a bucket, or a sparse one, is a
    // point or two that a line alone would not show. Count the line's own values: joined
    // tables pad each line with nulls at the other lines' times.
    const showPoints = (u: uPlot, seriesIdx: number): boolean => {
      const column = u.data[seriesIdx] ?? []
      let n = 0
      for (let i = 0; i < column.length && n < 40; i++) if (column[i] != null) n++
      return n < 40
    }
    // Off the chart (idx null) the legend shows each line's latest value, hovering the value under the cursor.
    const legendValue = (sidx: number, idx: number | null | undefined, v: number | null): string => {
      const value = idx == null ? this.latestValues[sidx - 1] ?? null : v
      return value == null ? '–' : options.format(value)
    }
    const opts: uPlot.Options = {
      width,
      height: options.height ?? 160,
      ms: 1,
      pxAlign: 0,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { show: true, live: true },
      scales: {
        x: { time: true, range: () => this.window },
        y: {
          range: (_u, min, max) => {
            const lo = Math.min(options.yMin ?? min, min)
            const top = Math.max(options.yMin ?? max, max)
            const hi = top === lo ? lo + 1 : top
            return [lo, hi + (hi - lo) * 0.1]
          }
        }
      },
      axes: [
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor },
          // Room for "14:05:09" between ticks, also on a phone.
          space: 60,
          values: (_u, splits) => splits.map((v) => formatClock(v, this.window[1] - this.window[0] <= 3_600_000))
        },
        {
          stroke: axisColor,
          grid: { stroke: gridColor, width: 1 },
          ticks: { stroke: gridColor },
          size: 64,
          values: (_u, splits) => splits.map((v) => (options.axisFormat ?? options.format)(v))
        }
      ],
      series: [
        { label: 'time', value: (_u, v, _s, idx) => idx == null ? formatClock(this.window[1]) : v == null ? '–' : formatClock(v) },
        ...options.lines.map((line) => ({
          label: line.label,
          stroke: cssVar(line.color),
          width: line.width ?? 1.5,
          dash: line.dash,
          fill: line.fill === undefined ? undefined : cssVar(line.fill),
          spanGaps: true,
          paths: line.stepped === true ? UPlot.paths.stepped!({ align: 1 }) : undefined,
          points: { show: showPoints, size: 4 },
          value: (_u: uPlot, v: number | null, sidx: number, idx: number | null) => legendValue(sidx, idx, v)
        }))
      ],
      hooks: {
        drawClear: [(u) => { this.drawBands(u); this.drawShade(u) }],
        draw: [(u) => { this.drawAnnotations(u) }]
      }
    }
    this.plot = new UPlot(opts, data, this.host)
  }

  /** Threshold bands behind the lines, clipped to the plot: only the part in view shows. */
  private drawBands (u: uPlot): void {
    const bands = this.options.bands
    if (bands === undefined) return
    const { ctx, bbox } = u
    ctx.save()
    for (const band of bands) {
      const top = Math.max(bbox.top, u.valToPos(band.to, 'y', true))
      const bottom = Math.min(bbox.top + bbox.height, u.valToPos(band.from, 'y', true))
      if (bottom <= top) continue
      ctx.fillStyle = cssVar(band.color)
      ctx.fillRect(bbox.left, top, bbox.width, bottom - top)
    }
    ctx.restore()
  }

  /**
   * Finds the drawdown areas of the first preferred line with points in the
   * window. The container gets `data-shaded` (areas) and `data-drawdown-pct`
   * (deepest fall, percent of its peak; empty when undefined).
   */
  private findDrawdowns (lines: Columns[], x0: number, x1: number, prefer: number[]): void {
    const index = prefer.find((i) => lines[i] !== undefined && upperBound(lines[i].t, x1) > lowerBound(lines[i].t, x0))
    const found = index === undefined ? { areas: [], maxPct: null } : drawdownAreas(lines[index], x0, x1)
    this.shaded = found.areas
    this.element.dataset.shaded = String(found.areas.length)
    this.element.dataset.drawdownPct = found.maxPct === null ? '' : String(found.maxPct)
  }

  /** Drawdown areas behind the lines: between the running peak and the line. */
  private drawShade (u: uPlot): void {
    if (this.options.shade === undefined || this.shaded.length === 0) return
    const { ctx, bbox } = u
    ctx.save()
    ctx.beginPath()
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height)
    ctx.clip()
    ctx.fillStyle = cssVar(this.options.shade.color)
    for (const area of this.shaded) {
      ctx.beginPath()
      for (let i = 0; i < area.t.length; i++) {
        const x = u.valToPos(area.t[i], 'x', true)
        const y = u.valToPos(area.v[i], 'y', true)
        if (i === 0) ctx.moveTo(x, y)
        else ctx.lineTo(x, y)
      }
      ctx.closePath()
      ctx.fill()
    }
    ctx.restore()
  }

  private drawAnnotations (u: uPlot): void {
    if (this.annotations.length === 0) return
    const { ctx, bbox } = u
    ctx.save()
    ctx.strokeStyle = cssVar('--annotation')
    ctx.fillStyle = cssVar('--annotation')
    ctx.setLineDash([4, 3])
    ctx.lineWidth = UPlot.pxRatio
    ctx.font = `${11 * UPlot.pxRatio}px system-ui, sans-serif`
    for (const a of this.annotations) {
      if (a.timeMs < this.window[0] || a.timeMs > this.window[1]) continue
      const x = Math.round(u.valToPos(a.timeMs, 'x', true))
      ctx.beginPath()
      ctx.moveTo(x, bbox.top)
      ctx.lineTo(x, bbox.top + bbox.height)
      ctx.stroke()
      ctx.fillText(a.text.slice(0, 24), x + 3 * UPlot.pxRatio, bbox.top + 11 * UPlot.pxRatio)
    }
    ctx.restore()
  }
}
