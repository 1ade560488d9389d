/**
 * Binary searches over numbers in ascending order. `length` bounds the
 * search for arrays used only up to a count (a typed array with spare room).
 */

/** Index of the first of `sorted[0..length)` that is >= `x` (`length` when none is). */
export function lowerBound (sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first of `sorted[0..length)` that is > `x` (`length` when none is). */
export function upperBound (sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
