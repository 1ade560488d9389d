/** The MAE/MFE scatter's data and scale: DOM-free, so its Node test needs no browser. */
import type { TradeRow } from './dashboard-data.ts'

/** A trade record's point: x = MAE, y = MFE (percent of entry), and how it ended. */
export interface ExcursionPoint {
  mae: number
  mfe: number
  outcome: 'win' | 'loss' | 'even'
}

/** The records that carry both excursions (orphans and older services carry none), as points. */
export function excursionPoints (rows: readonly TradeRow[]): ExcursionPoint[] {
  const out: ExcursionPoint[] = []
  for (const r of rows) {
    if (r.maePct === undefined || r.mfePct === undefined) continue
    out.push({ mae: r.maePct, mfe: r.mfePct, outcome: r.pnl > 0 ? 'win' : r.pnl < 0 ? 'loss' : 'even' })
  }
  return out
}

/**
 * Round tick values from 0 to at least `max`, about `count` of them, with a
 * step of 1, 2 or 5 times a power of ten: niceTicks(2.7, 5) -> [0, 0.5, ..., 3].
 */
export function niceTicks (max: number, count: number): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const ticks: number[] = []
  for (let i = 0; ; i++) {
    // Rounded to the step's decimals, so 0.1 * 3 is 0.3, not 0.30000000000000004.
    const v = Number((i * step).toFixed(Math.max(0, -Math.floor(Math.log10(step)))))
    ticks.push(v)
    if (v >= max) return ticks
  }
}
