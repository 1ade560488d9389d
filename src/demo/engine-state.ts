/** States an engine cycle reports (the `state` label of `engine_*`). */
export const EngineState = {
  scanning: 'scanning',
  signalWait: 'signal_wait',
  entering: 'entering',
  managing: 'managing',
  exiting: 'exiting'
} as const
export type EngineState = typeof EngineState[keyof typeof EngineState]

/** What an engine cycle did. */
export interface CycleActivity {
  entries: number
  /** Closes and partial reductions. */
  exits: number
  openPositions: number
  /** Signals still waiting (unconfirmed, paused or no room) after the cycle. */
  waitingSignals: number
}

/**
 * The state a cycle reports: what it did, if it placed orders (entering
 * before exiting), else what it is waiting on (signals before positions).
 */
export function engineStateFor (activity: Readonly<CycleActivity>): EngineState {
  if (activity.entries > 0) return EngineState.entering
  if (activity.exits > 0) return EngineState.exiting
  if (activity.waitingSignals > 0) return EngineState.signalWait
  if (activity.openPositions > 0) return EngineState.managing
  return EngineState.scanning
}
