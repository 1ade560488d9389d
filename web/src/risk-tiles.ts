import type { DashboardData } from './dashboard-data.ts'
import { FIGURE_TILES, readFigure, riskConvention } from './figure-tiles.ts'

/** Creates the tiles: the account and excursions in `#trading-figures`, the risk figures in `#risk-figures`. */
export function buildFigureTiles (root: Document): void {
  for (const tile of FIGURE_TILES) {
    const box = root.getElementById(tile.source === 'all' ? 'risk-figures' : 'trading-figures')
    if (box === null) continue
    const el = document.createElement('div')
    el.className = 'tile'
    el.dataset.figure = tile.id
    const label = Object.assign(document.createElement('span'), { className: 'tile-label', id: `figure-${tile.id}`, textContent: tile.label })
    const value = Object.assign(document.createElement('output'), { className: 'tile-value', textContent: '–' })
    value.setAttribute('aria-labelledby', label.id)
    el.append(label, value)
    box.append(el)
  }
}

/**
 * Writes each tile's value where it changed. `data-value` holds the raw
 * figure (empty when null); a null figure's reason is the tile's tooltip.
 */
export function renderFigureTiles (root: Document, data: DashboardData): void {
  const convention = root.getElementById('risk-convention')
  const text = riskConvention(data.tradingAll)
  if (convention !== null && convention.textContent !== text) convention.textContent = text
  for (const tile of FIGURE_TILES) {
    const el = root.querySelector<HTMLElement>(`[data-figure="${tile.id}"]`)
    const out = el?.querySelector('output')
    if (el == null || out == null) continue
    const { value, reason } = readFigure(tile.source === 'all' ? data.tradingAll : data.tradingStats, tile.path)
    const raw = value === null ? '' : String(value)
    if (el.dataset.value === raw) continue
    el.dataset.value = raw
    out.textContent = tile.format(value)
    if (reason === null) el.removeAttribute('title')
    else el.title = reason
  }
}
