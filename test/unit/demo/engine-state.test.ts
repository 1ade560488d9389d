import { test } from 'node:test'
import assert from 'node:assert/strict'
import { EngineState, engineStateFor } from '../../../src/demo/engine-state.ts'

test('a cycle reports what it did first, then what it waits on', () => {
  const idle = { entries: 0, exits: 0, openPositions: 0, waitingSignals: 0 }
  assert.equal(engineStateFor(idle), EngineState.scanning)
  assert.equal(engineStateFor({ ...idle, openPositions: 2 }), EngineState.managing)
  assert.equal(engineStateFor({ ...idle, openPositions: 2, waitingSignals: 1 }), EngineState.signalWait)
  assert.equal(engineStateFor({ ...idle, openPositions: 2, waitingSignals: 1, exits: 1 }), EngineState.exiting)
  assert.equal(engineStateFor({ entries: 1, exits: 1, openPositions: 2, waitingSignals: 1 }), EngineState.entering)
  assert.deepEqual(Object.values(EngineState), ['scanning', 'signal_wait', 'entering', 'managing', 'exiting'])
})
