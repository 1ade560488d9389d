/** What a chart is made of: DOM-free, so that data modules and their Node tests can use it. */

/** One line of a chart. `color` names a CSS custom property of the theme, e.g. `--series-1`. */
export interface LineSpec {
  label: string
  color: string
  dash?: number[]
  width?: number
  /** Draw steps (counts, states) instead of straight segments. */
  stepped?: boolean
  /** Fill down to zero with this theme colour (equity, drawdown). */
  fill?: string
}

/** A horizontal threshold band: y in [from, to) painted in a theme colour. */
export interface ThresholdBand {
  label: string
  from: number
  to: number
  color: string
}

/** A marker drawn on every chart: a deploy, a config change, an incident. */
export interface Annotation {
  timeMs: number
  text: string
}

export interface ChartOptions {
  lines: LineSpec[]
  /** Formats y values on the axis and in the legend. */
  format: (v: number) => string
  bands?: ThresholdBand[]
  /** Accessible name of the chart. */
  label: string
  height?: number
  /** Lowest y always shown (0 for counts and percentages). */
  yMin?: number
  /** Formats the y axis' ticks when they need a shorter form than the legend (large amounts). */
  axisFormat?: (v: number) => string
  /**
   * Shades the drawdown of a line: the area between its running peak in
   * the window and the line, in a theme colour. `lines` are line indexes
   * in order of preference: the first with points in the window is shaded.
   */
  shade?: { lines: number[], color: string }
}
