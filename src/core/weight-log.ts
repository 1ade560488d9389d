import { RingBuffer } from './ring-buffer.ts'

/**
 * A sampler's weight log, oldest first: from `fromMs[i]` on, a stored point
 * weighs `weights[i]`. What a snapshot saves so that restored points keep
 * their weights.
 */
export interface SampleWeights {
  fromMs: Float64Array
  weights: Float64Array
}

/**
 * The times from which a weight applies, in a ring as long as the series':
 * every entry is written with a kept point, so the ring's points never
 * outlive the entry that weighs them.
 */
export class WeightLog {
  private readonly log: RingBuffer

  constructor (capacity: number) {
    this.log = new RingBuffer(capacity)
  }

  append (fromMs: number, weight: number): void {
    this.log.append(fromMs, weight)
  }

  at (timeMs: number): number {
    const i = this.log.upperBound(timeMs) - 1
    return i < 0 ? 1 : this.log.valueAt(i)
  }

  export (): SampleWeights {
    const { timesMs, values } = this.log.exportPoints()
    return { fromMs: timesMs, weights: values }
  }

  import (saved: SampleWeights): void {
    this.log.importPoints(saved.fromMs, saved.weights)
  }
}
