import type { EngineState } from './engine-state.ts'

/** How many of each task one `step` ran. */
export interface StepResult {
  ticks: number
  scans: number
  cycles: number
}

/** An open position as `status` shows it. */
export interface DemoPositionView {
  id: string
  symbol: string
  side: string
  quantity: number
  entryPrice: number
  openedAtMs: number
}

/** A snapshot of the bot. Money in USDT, times epoch ms. */
export interface DemoBotStatus {
  running: boolean
  entriesPaused: boolean
  pauseReason: string | null
  /** Time of the last task run, null before the first step. */
  timeMs: number | null
  engineState: EngineState
  balance: number
  equity: number
  realizedPnl: number
  dailyPnl: number
  tradesOpened: number
  tradesClosed: number
  pendingSignals: number
  openPositions: DemoPositionView[]
  /** The last scan: when, and the symbols that passed every filter. */
  lastScan: { atMs: number, candidates: string[] } | null
}
