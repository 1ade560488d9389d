import { test } from 'node:test'
import assert from 'node:assert/strict'
import { forecast } from '../../../src/analysis/forecast.ts'
import type { ForecastResult } from '../../../src/analysis/forecast.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

const H = 3_600_000
const D = 86_400_000
const T0 = 1_700_000_000_000
const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

// Linear history (numpy 2.4 / scipy 1.17):
//   i = np.arange(100); t = T0 + i*1_800_000; y = 5 + 0.3*(i/2) + ((i*7919) % 101)/100.0 - 0.5
//   x = (t - t[-1]) / H; lr = stats.linregress(x, y)
function linearHistory (): { timesMs: Float64Array, values: Float64Array } {
  const timesMs = new Float64Array(100)
  const values = new Float64Array(100)
  for (let i = 0; i < 100; i++) {
    timesMs[i] = T0 + i * 1_800_000
    values[i] = 5 + 0.3 * (i / 2) + ((i * 7919) % 101) / 100 - 0.5
  }
  return { timesMs, values }
}

test('linear trend, prediction interval and threshold crossing match scipy', () => {
  const h = linearHistory()
  const r = forecast(h, { horizonMs: 24 * H, threshold: 25, seasonality: 'none' }) as ForecastResult
  assert.equal(r.model, 'linear')
  // lr.slope, lr.stderr, lr.rvalue**2 -> 0.3011151515151515, 0.002046382574239103, 0.9954941861684329
  // (np.polyfit(x, y, 1) -> [0.3011151515151514, 19.876599999999993])
  close(r.slope_per_hour, 0.3011151515151515)
  close(r.slope_stderr_per_hour, 0.002046382574239103)
  close(r.r_squared, 0.9954941861684329)
  // At x0 = 24 h: yhat = a + b*x0, half = t.ppf(0.975, n-2)*s*sqrt(1 + 1/n + (x0 - x.mean())**2/Sxx)
  //   -> 27.103363636363635, 26.481939204872422, 27.72478806785485; s = 0.2953551136621091
  close(r.projection.value, 27.103363636363635)
  close(r.projection.lower, 26.481939204872422, 1e-9)
  close(r.projection.upper, 27.72478806785485, 1e-9)
  close(r.residual_stddev, 0.2953551136621091)
  assert.equal(r.projection.timestamp, h.timesMs[99] + 24 * H)
  assert.equal(r.path.length, 24)
  // Crossing of 25: t[-1] + (25 - lr.intercept)/lr.slope * H -> 1700239453111.6658
  assert.equal(r.threshold!.side, 'below')
  assert.ok(Math.abs(r.threshold!.crossing_timestamp! - 1700239453111.6658) <= 1, String(r.threshold!.crossing_timestamp))
})

test('a threshold out of reach within the horizon has no crossing', () => {
  const r = forecast(linearHistory(), { horizonMs: 2 * H, threshold: 25, seasonality: 'none' }) as ForecastResult
  assert.equal(r.threshold!.crossing_timestamp, null)
  const down = forecast(linearHistory(), { horizonMs: 24 * H, threshold: 10, seasonality: 'none' }) as ForecastResult
  assert.equal(down.threshold!.side, 'above')
  assert.equal(down.threshold!.crossing_timestamp, null)
})

// Three days every 15 minutes with a daily wave:
//   j = np.arange(288); t = T0 + j*900_000; tod = (t % D)/D
//   y = 50 + 2*((t - T0)/D) + 10*np.sin(2*np.pi*tod + 0.7) + ((j*104729) % 97)/48.5 - 1
//   X = [1, (t - t.mean())/D, sin(2*pi*tod), cos(2*pi*tod)]; beta = np.linalg.lstsq(X, y)
function dailyHistory (): { timesMs: Float64Array, values: Float64Array } {
  const timesMs = new Float64Array(288)
  const values = new Float64Array(288)
  for (let j = 0; j < 288; j++) {
    const t = T0 + j * 900_000
    timesMs[j] = t
    values[j] = 50 + 2 * ((t - T0) / D) + 10 * Math.sin(2 * Math.PI * ((t % D) / D) + 0.7) + ((j * 104729) % 97) / 48.5 - 1
  }
  return { timesMs, values }
}

test('daily seasonality is fitted with enough history and matches numpy lstsq', () => {
  const r = forecast(dailyHistory(), { horizonMs: 12 * H, threshold: 65, steps: 4 }) as ForecastResult
  assert.equal(r.model, 'linear_daily')
  // beta[1]/24, sqrt(s2*inv(X.T@X)[1,1])/24 -> 0.08380025321588262, 0.0017047770933364655
  close(r.slope_per_hour, 0.08380025321588262, 1e-8)
  close(r.slope_stderr_per_hour, 0.0017047770933364655, 1e-7)
  // 1 - RSS/TSS -> 0.9929095765102218
  close(r.r_squared, 0.9929095765102218, 1e-9)
  // At t[-1] + 12 h: x0@beta ± t.ppf(0.975, n-4)*sqrt(s2*(1 + x0@inv(X.T@X)@x0))
  //   -> 55.32847557549332, 54.16833026107833, 56.48862088990831
  close(r.projection.value, 55.32847557549332, 1e-9)
  close(r.projection.lower, 54.16833026107833, 1e-8)
  close(r.projection.upper, 56.48862088990831, 1e-8)
  assert.equal(r.path.length, 4)
  // The fitted curve reaches 65 on the next wave, before the 12 h projection falls back:
  // optimize.brentq(lambda q: row(q)@beta - 65, ...) on the bracket a 1-minute grid finds -> 1700270649298.9863
  assert.equal(r.threshold!.side, 'below')
  assert.ok(Math.abs(r.threshold!.crossing_timestamp! - 1700270649298.9863) <= 2, String(r.threshold!.crossing_timestamp))
  const short = forecast(dailyHistory(), { horizonMs: 2 * H, threshold: 65 }) as ForecastResult
  assert.equal(short.threshold!.crossing_timestamp, null)
})

test('seasonality: none forces a line; daily without 2 days of history is refused', () => {
  assert.equal((forecast(dailyHistory(), { horizonMs: H, seasonality: 'none' }) as ForecastResult).model, 'linear')
  // 49.5 h of history: auto takes the daily term; 24.5 h is too short for it.
  assert.equal((forecast(linearHistory(), { horizonMs: H }) as ForecastResult).model, 'linear_daily')
  const day = { timesMs: linearHistory().timesMs.subarray(0, 50), values: linearHistory().values.subarray(0, 50) }
  assert.equal((forecast(day, { horizonMs: H }) as ForecastResult).model, 'linear')
  assert.throws(() => forecast(day, { horizonMs: H, seasonality: 'daily' }), InvalidArgumentError)
})

test('too little data says so; bad options are 400-class errors', () => {
  const two = { timesMs: Float64Array.of(1, 2), values: Float64Array.of(1, 2) }
  assert.deepEqual(Object.keys(forecast(two, { horizonMs: H })), ['insufficient_data', 'n', 'message'])
  const sameTime = { timesMs: Float64Array.of(5, 5, 5), values: Float64Array.of(1, 2, 3) }
  assert.equal('insufficient_data' in forecast(sameTime, { horizonMs: H }), true)
  for (const horizonMs of [0, -1, NaN]) assert.throws(() => forecast(linearHistory(), { horizonMs }), InvalidArgumentError)
  assert.throws(() => forecast(linearHistory(), { horizonMs: H, threshold: NaN }), InvalidArgumentError)
  assert.throws(() => forecast(linearHistory(), { horizonMs: H, steps: 0 }), InvalidArgumentError)
  assert.throws(() => forecast(linearHistory(), { horizonMs: H, seasonality: 'weekly' as 'daily' }), InvalidArgumentError)
})
