import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFigure, riskConvention } from '../../../web/src/figure-tiles.ts'

const ANSWER = {
  equity: 10_210.5,
  sharpe: null,
  excursions: { mae_pct_mean: 0.42, r_multiple_mean: null },
  risk: {
    convention: { risk_free_rate: 0, periods_per_year: 365, returns: 'daily', confidence: 0.95 },
    var_95: -0.0123,
    omega: null,
    null_reasons: { omega: 'no down day' }
  },
  null_reasons: { sharpe: 'fewer than 2 days of returns in the window' }
}

test('readFigure: top-level and nested figures, and the reason of a null one', () => {
  assert.deepEqual(readFigure(ANSWER, 'equity'), { value: 10_210.5, reason: null })
  assert.deepEqual(readFigure(ANSWER, 'risk.var_95'), { value: -0.0123, reason: null })
  assert.deepEqual(readFigure(ANSWER, 'excursions.mae_pct_mean'), { value: 0.42, reason: null })
  assert.deepEqual(readFigure(ANSWER, 'sharpe'), { value: null, reason: 'fewer than 2 days of returns in the window' })
  assert.deepEqual(readFigure(ANSWER, 'risk.omega'), { value: null, reason: 'no down day' })
  assert.deepEqual(readFigure(ANSWER, 'excursions.r_multiple_mean'), { value: null, reason: null })
  assert.deepEqual(readFigure(null, 'equity'), { value: null, reason: null })
})

test('riskConvention states the convention the answer gives', () => {
  assert.match(riskConvention(ANSWER), /daily returns of all history: risk-free rate 0, 365 periods a year, 95 % confidence/)
  assert.match(riskConvention({}), /not served/)
})
