import type { TradeRow } from './dashboard-data.ts'
import { excursionPoints, niceTicks } from './excursion-points.ts'
import type { ExcursionPoint } from './excursion-points.ts'
import { formatNumber } from './format.ts'

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'

const PAD = { left: 48, right: 12, top: 10, bottom: 34 }

/**
 * MAE/MFE scatter of recent closed trade records on a canvas: x the maximum
 * adverse excursion, y the maximum favourable one, both percent of the entry
 * price; winners as filled green dots, losers as red crosses (told apart by
 * shape, not colour alone), break-even as hollow grey rings; the dashed
 * diagonal is MFE = MAE. The figure gets `data-points` (marks drawn),
 * `data-winners`, `data-losers` and `data-break-even`.
 */
export class ExcursionScatter {
  private readonly figure: HTMLElement
  private readonly canvas: HTMLCanvasElement
  private points: ExcursionPoint[] = []
  private key = ''

  constructor (figure: HTMLElement) {
    this.figure = figure
    this.canvas = document.createElement('canvas')
    this.canvas.className = 'scatter-canvas'
    this.canvas.setAttribute('role', 'img')
    figure.append(this.canvas)
    figure.dataset.points = '0'
    new ResizeObserver(() => { this.draw() }).observe(this.canvas)
  }

  /** Draws the records' points (redraws only when they changed). */
  update (rows: readonly TradeRow[]): void {
    const points = excursionPoints(rows)
    const key = points.map((p) => `${p.mae},${p.mfe},${p.outcome}`).join('|')
    if (key === this.key) return
    this.key = key
    this.points = points
    const count = (o: ExcursionPoint['outcome']): number => points.filter((p) => p.outcome === o).length
    const ds = this.figure.dataset
    ds.points = String(points.length)
    ds.winners = String(count('win'))
    ds.losers = String(count('loss'))
    ds.breakEven = String(count('even'))
    this.canvas.setAttribute('aria-label', `MAE against MFE of ${points.length} recent trades: ${ds.winners} winners, ${ds.losers} losers, ${ds.breakEven} break-even`)
    this.draw()
  }

  private draw (): void {
    const dpr = window.devicePixelRatio || 1
    const width = Math.max(120, this.canvas.clientWidth)
    const height = Math.max(120, this.canvas.clientHeight)
    this.canvas.width = Math.round(width * dpr)
    this.canvas.height = Math.round(height * dpr)
    const ctx = this.canvas.getContext('2d')
    if (ctx === null) return
    ctx.scale(dpr, dpr)
    ctx.clearRect(0, 0, width, height)
    const xTicks = niceTicks(Math.max(0, ...this.points.map((p) => p.mae)), 5)
    const yTicks = niceTicks(Math.max(0, ...this.points.map((p) => p.mfe)), 4)
    const xMax = xTicks[xTicks.length - 1]
    const yMax = yTicks[yTicks.length - 1]
    const plotW = width - PAD.left - PAD.right
    const plotH = height - PAD.top - PAD.bottom
    const px = (v: number): number => PAD.left + v / xMax * plotW
    const py = (v: number): number => PAD.top + plotH - v / yMax * plotH
    ctx.font = '11px system-ui, sans-serif'
    ctx.lineWidth = 1
    ctx.strokeStyle = cssVar('--grid')
    ctx.fillStyle = cssVar('--text-muted')
    ctx.textAlign = 'center'
    for (const v of xTicks) {
      ctx.beginPath(); ctx.moveTo(px(v), PAD.top); ctx.lineTo(px(v), PAD.top + plotH); ctx.stroke()
      ctx.fillText(formatNumber(v), px(v), PAD.top + plotH + 13)
    }
    ctx.fillText('MAE, % of entry (adverse)', PAD.left + plotW / 2, height - 4)
    ctx.textAlign = 'right'
    for (const v of yTicks) {
      ctx.beginPath(); ctx.moveTo(PAD.left, py(v)); ctx.lineTo(PAD.left + plotW, py(v)); ctx.stroke()
      ctx.fillText(formatNumber(v), PAD.left - 5, py(v) + 4)
    }
    ctx.save()
    ctx.translate(11, PAD.top + plotH / 2)
    ctx.rotate(-Math.PI / 2)
    ctx.textAlign = 'center'
    ctx.fillText('MFE, % of entry (favourable)', 0, 0)
    ctx.restore()
    // MFE = MAE: above it, a trade went further its way than against it.
    const diagonal = Math.min(xMax, yMax)
    ctx.strokeStyle = cssVar('--text-muted')
    ctx.setLineDash([4, 3])
    ctx.beginPath(); ctx.moveTo(px(0), py(0)); ctx.lineTo(px(diagonal), py(diagonal)); ctx.stroke()
    ctx.setLineDash([])
    ctx.lineWidth = 1.5
    for (const p of this.points) this.mark(ctx, px(p.mae), py(p.mfe), p.outcome)
  }

  private mark (ctx: CanvasRenderingContext2D, x: number, y: number, outcome: ExcursionPoint['outcome']): void {
    ctx.beginPath()
    if (outcome === 'loss') {
      ctx.strokeStyle = cssVar('--series-loss')
      ctx.moveTo(x - 3.5, y - 3.5); ctx.lineTo(x + 3.5, y + 3.5)
      ctx.moveTo(x - 3.5, y + 3.5); ctx.lineTo(x + 3.5, y - 3.5)
      ctx.stroke()
    } else if (outcome === 'win') {
      ctx.fillStyle = cssVar('--series-pnl')
      ctx.arc(x, y, 3.5, 0, 2 * Math.PI)
      ctx.fill()
    } else {
      ctx.strokeStyle = cssVar('--text-muted')
      ctx.arc(x, y, 3.5, 0, 2 * Math.PI)
      ctx.stroke()
    }
  }
}

/** Creates the scatter's figure, with its title and key, in the trading section's charts. */
export function createExcursionScatter (root: Document): ExcursionScatter | null {
  const box = root.querySelector('#trading .charts')
  if (box === null) return null
  const figure = document.createElement('figure')
  figure.className = 'chart scatter'
  figure.dataset.scatter = 'excursions'
  const caption = document.createElement('figcaption')
  const title = Object.assign(document.createElement('h3'), { textContent: 'MAE / MFE of recent trades' })
  const note = Object.assign(document.createElement('p'), {
    className: 'note',
    textContent: 'Per closed trade record (newest 200): how far the price went against it (MAE) and its way (MFE) while open, percent of entry. Dashed: MFE = MAE.'
  })
  const key = document.createElement('p')
  key.className = 'note scatter-key'
  for (const [cls, text] of [['win', 'winner'], ['loss', 'loser'], ['even', 'break-even']]) {
    key.append(Object.assign(document.createElement('span'), { className: `mark-${cls}`, ariaHidden: 'true' }), ` ${text} `)
  }
  caption.append(title, note, key)
  figure.append(caption)
  box.append(figure)
  return new ExcursionScatter(figure)
}
