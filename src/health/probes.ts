/** A liveness or readiness answer: 200 when `status` is ok, 503 when it fails. */
export interface ProbeResult {
  status: 'ok' | 'fail'
  checks: Array<{ name: string, ok: boolean, detail: string }>
  timestamp: number
}

/**
 * Liveness: a running evaluation timer that has not evaluated for three
 * intervals (and at least 15 s, for timer lateness under load) means the
 * process is stuck or the timer died; restart it. A stopped engine is
 * alive: it is not expected to evaluate.
 */
export function probeLiveness (nowMs: number, running: boolean, lastEvaluationMs: number | null, intervalMs: number): ProbeResult {
  const maxAgeMs = Math.max(3 * intervalMs, 15_000)
  let ok = true
  let detail = 'evaluation timer not running'
  if (running) {
    const age = lastEvaluationMs === null ? Infinity : nowMs - lastEvaluationMs
    ok = age <= maxAgeMs
    detail = lastEvaluationMs === null ? 'never evaluated' : `last evaluation ${Math.round(age)} ms ago (limit ${maxAgeMs} ms)`
  }
  return { status: ok ? 'ok' : 'fail', checks: [{ name: 'evaluation', ok, detail }], timestamp: nowMs }
}

/**
 * Readiness: rules evaluated at least once, every gate the app set (e.g.
 * `persistence` restored) ready, and no rule marked `readiness` critical.
 */
export function probeReadiness (nowMs: number, evaluated: boolean, gates: ReadonlyMap<string, boolean>, criticalRules: readonly string[]): ProbeResult {
  const checks = [{ name: 'evaluated', ok: evaluated, detail: evaluated ? 'rules evaluated' : 'rules not evaluated yet' }]
  for (const [name, ready] of gates) checks.push({ name, ok: ready, detail: ready ? 'ready' : 'not ready' })
  checks.push({
    name: 'rules',
    ok: criticalRules.length === 0,
    detail: criticalRules.length === 0 ? 'no readiness rule critical' : `critical: ${criticalRules.join(', ')}`
  })
  return { status: checks.every((c) => c.ok) ? 'ok' : 'fail', checks, timestamp: nowMs }
}
