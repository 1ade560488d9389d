import { Type } from 'typebox'
import { LabelsSchema, StatisticsSchema } from './schemas.ts'

/**
 * Response schemas of the analysis routes: they document the answers in
 * the OpenAPI description.
 * Definitions of every figure: docs/ANALYSIS.md. Figures are in the
 * metric's own unit unless a description says otherwise.
 */
const num = (description: string): ReturnType<typeof Type.Number> => Type.Number({ description })
const int = (description: string): ReturnType<typeof Type.Integer> => Type.Integer({ description })
const nullable = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const nullOr = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T, description: string): ReturnType<typeof Type.Union> =>
  Type.Union([schema, Type.Null()], { description })

const TimeWindowSchema = Type.Object({
  since: num('window start, epoch ms'),
  until: num('window end (inclusive), epoch ms')
})

const ChangeSchema = Type.Object({
  a: num('the figure in window a'),
  b: num('the figure in window b'),
  difference: num('b − a'),
  relative: nullable('(b − a) / |a|; null when a is 0'),
  ci_low: num('lower bound of the interval for b − a'),
  ci_high: num('upper bound of the interval for b − a'),
  confidence: num('1 − alpha'),
  method: Type.Union([Type.Literal('welch_t'), Type.Literal('order_statistic_normal')])
})

const MannWhitneySchema = Type.Object({
  u_statistic: num('U of b: pairs with b above a, ties counting half'),
  prob_b_greater: num('U / (n_a · n_b): chance a random point of b exceeds one of a, 0..1'),
  n_a: int('points in window a'),
  n_b: int('points in window b'),
  p_value: num('two-sided'),
  z: nullable('standardized statistic of the normal approximation; null when exact'),
  method: Type.Union([Type.Literal('exact'), Type.Literal('asymptotic')])
})

/** GET /compare. */
export const CompareSchema = Type.Object({
  metric: Type.String(),
  labels: LabelsSchema,
  window_a: TimeWindowSchema,
  window_b: TimeWindowSchema,
  a: StatisticsSchema,
  b: StatisticsSchema,
  mean_change: nullOr(ChangeSchema, 'mean(b) − mean(a) with a Welch t interval; null when a window is empty'),
  p99_change: nullOr(ChangeSchema, 'p99(b) − p99(a) with an order-statistic interval; null when a window is empty'),
  test: nullOr(MannWhitneySchema, 'two-sided Mann-Whitney U test of b against a; null when a window is empty'),
  alpha: num('significance level'),
  direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('lower_is_worse')]),
  verdict: Type.Union([Type.Literal('regressed'), Type.Literal('improved'), Type.Literal('no significant change'), Type.Literal('insufficient data')]),
  explanation: Type.String({ description: 'the verdict in a sentence, with the figures that decided it' })
})
