import { normalSf } from './distributions.ts'

/** Result of a two-sided Mann-Whitney U test of sample b against sample a. */
export interface MannWhitneyResult {
  /** U of b: pairs (aᵢ, bⱼ) with bⱼ > aᵢ, plus half the ties. scipy: mannwhitneyu(b, a).statistic. */
  u_statistic: number
  /** U / (n_a · n_b): the probability that a random b exceeds a random a (ties count half). */
  prob_b_greater: number
  /** Two-sided p-value. */
  p_value: number
  /** Standardized statistic of the normal approximation; null when exact. */
  z: number | null
  method: 'exact' | 'asymptotic'
  n_a: number
  n_b: number
}

/**
 * Two-sided Mann-Whitney U test, as scipy.stats.mannwhitneyu(b, a) with its
 * defaults (method 'auto', continuity correction):
 * - exact null distribution when either sample has at most 8 values and
 *   there are no ties: p = 2·P(U ≥ max(U_b, U_a)), capped at 1;
 * - otherwise the normal approximation with tie correction,
 *   z = (max(U_b, U_a) − n_a·n_b/2 − 0.5) / σ,
 *   σ² = n_a·n_b/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))), p = 2·(1 − Φ(z)).
 * `sortedA` and `sortedB` must be sorted ascending (both are read only).
 */
export function mannWhitneyU (sortedA: Float64Array, sortedB: Float64Array): MannWhitneyResult {
  const na = sortedA.length
  const nb = sortedB.length
  if (na === 0 || nb === 0) {
    return { u_statistic: NaN, prob_b_greater: NaN, p_value: NaN, z: null, method: 'asymptotic', n_a: na, n_b: nb }
  }
  // Merge walk over the two sorted samples, one group of equal values at a time:
  // average ranks without sorting the union or building index arrays.
  let i = 0
  let j = 0
  let rank = 0
  let rankSumB = 0
  let tieTerm = 0
  while (i < na || j < nb) {
    const v = j >= nb || (i < na && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j]
    let ca = 0
    let cb = 0
    while (i < na && sortedA[i] === v) { i++; ca++ }
    while (j < nb && sortedB[j] === v) { j++; cb++ }
    const t = ca + cb
    rankSumB += cb * (rank + (t + 1) / 2)
    rank += t
    if (t > 1) tieTerm += t * t * t - t
  }
  const uB = rankSumB - nb * (nb + 1) / 2
  const uA = na * nb - uB
  const uMax = Math.max(uA, uB)
  const n = na + nb
  const base = { u_statistic: uB, prob_b_greater: uB / (na * nb), n_a: na, n_b: nb }
  if ((na <= 8 || nb <= 8) && tieTerm === 0) {
    return { ...base, p_value: Math.min(1, 2 * exactSf(uMax, Math.min(na, nb), Math.max(na, nb))), z: null, method: 'exact' }
  }
  const sigma = Math.sqrt(na * nb / 12 * ((n + 1) - tieTerm / (n * (n - 1))))
  if (sigma === 0) return { ...base, p_value: 1, z: null, method: 'asymptotic' }
  const z = (uMax - na * nb / 2 - 0.5) / sigma
  return { ...base, p_value: Math.min(1, 2 * normalSf(z)), z, method: 'asymptotic' }
}

/**
 * P(U ≥ u) under the null for sample sizes m ≤ n with no ties. The counts of
 * U = 0..mn are the coefficients of the Gaussian binomial [m + n choose m]_q,
 * built as ∏ᵢ (1 − q^(n+i)) / (1 − q^i); O(m²n) additions.
 */
export function exactSf (u: number, m: number, n: number): number {
  const top = m * n
  const c = new Float64Array(top + 1)
  c[0] = 1
  let degree = 0
  for (let i = 1; i <= m; i++) {
    const k = n + i
    // Multiply by (1 - q^k); the polynomial's degree grows by n each step.
    const next = degree + n
    for (let d = next; d >= k; d--) c[d] -= c[d - k]
    // Divide by (1 - q^i).
    for (let d = i; d <= next; d++) c[d] += c[d - i]
    degree = next
  }
  let total = 0
  let tail = 0
  const from = Math.ceil(u)
  for (let d = 0; d <= top; d++) {
    total += c[d]
    if (d >= from) tail += c[d]
  }
  return tail / total
}
