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

/** GET /compare with `by`: the metric where the condition metric is above (below) a threshold (b) against the other buckets (a). */
export const CompareByConditionSchema = Type.Object({
  metric: Type.String(),
  by: Type.String({ description: 'the condition metric' }),
  labels: LabelsSchema,
  window: Type.Object({
    since: Type.Union([num('epoch ms'), Type.Null()]),
    until: Type.Union([num('epoch ms'), Type.Null()])
  }, { description: 'the history read; null: all kept points' }),
  condition: Type.Object({
    side: Type.Union([Type.Literal('above'), Type.Literal('below')]),
    threshold: Type.Union([num('the level the condition\'s bucket means were compared with'), Type.Null()]),
    percentile: Type.Union([num('0..1, when the threshold was given as pNN'), Type.Null()]),
    step_ms: num('bucket width, ms'),
    aligned_count: int('buckets where both metrics have points'),
    buckets_in: int('aligned buckets in the condition: window b'),
    buckets_out: int('the other aligned buckets: window a')
  }),
  a: StatisticsSchema,
  b: StatisticsSchema,
  mean_change: nullOr(ChangeSchema, 'mean(b) − mean(a) of the metric\'s bucket means, Welch t interval; null when a side is empty'),
  p99_change: nullOr(ChangeSchema, 'p99(b) − p99(a) of the bucket means, order-statistic interval; null when a side is empty'),
  test: nullOr(MannWhitneySchema, 'two-sided Mann-Whitney U test of b against a; null when a side is empty'),
  alpha: num('significance level'),
  direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('lower_is_worse')]),
  verdict: Type.Union([Type.Literal('regressed'), Type.Literal('improved'), Type.Literal('no significant change'), Type.Literal('insufficient data')]),
  explanation: Type.String({ description: 'which buckets are b and a, and the verdict in a sentence with the figures that decided it' })
})

const ForecastPointSchema = Type.Object({
  timestamp: num('epoch ms'),
  value: num('fitted value'),
  lower: num('lower bound of the prediction interval'),
  upper: num('upper bound of the prediction interval')
})

/** GET /forecast: a fitted trend, or `insufficient_data` with fewer than 3 points at 2 distinct times. */
export const ForecastSchema = Type.Union([
  Type.Object({
    metric: Type.String(),
    labels: LabelsSchema,
    model: Type.Union([Type.Literal('linear'), Type.Literal('linear_daily')]),
    n: int('points in the history'),
    history_ms: num('time from the oldest to the newest point, ms'),
    slope_per_hour: num('trend, metric unit per hour'),
    slope_stderr_per_hour: num('standard error of the trend, metric unit per hour'),
    r_squared: num('0..1'),
    residual_stddev: num('standard deviation of the residuals'),
    confidence: num('1 − alpha, of the prediction intervals'),
    projection: ForecastPointSchema,
    path: Type.Array(ForecastPointSchema, { description: '`steps` evenly spaced projections up to the horizon' }),
    threshold: nullOr(Type.Object({
      value: num('the threshold asked'),
      side: Type.Union([Type.Literal('above'), Type.Literal('below')], { description: 'where the fitted value at the newest point is' }),
      crossing_timestamp: nullable('first time within the horizon the fitted trend reaches the threshold, epoch ms; null if it does not')
    }), 'null without a threshold')
  }),
  Type.Object({
    metric: Type.String(),
    labels: LabelsSchema,
    insufficient_data: Type.Literal(true),
    n: int('points in the history'),
    message: Type.String()
  })
])

/** GET /peaks. */
export const PeaksSchema = Type.Object({
  metric: Type.String(),
  labels: LabelsSchema,
  by: Type.Union([Type.Literal('count'), Type.Literal('mean'), Type.Literal('max')]),
  utc_offset_minutes: int('offset of the hours from UTC, minutes'),
  hours: Type.Array(Type.Object({
    hour: int('0..23, at the offset'),
    count: int('points in this hour of the day'),
    days: int('calendar days with at least one point in this hour'),
    count_per_day: num('count / days; 0 when no day had one'),
    mean: nullable('mean value; null without points'),
    max: nullable('largest value; null without points')
  }), { description: '24 rows, hour 0 first' }),
  busiest: Type.Array(Type.Object({ hour: int('0..23'), value: num('the `by` measure') }), { description: 'the `top` hours with points, highest first' })
})

const CapacityInsufficientSchema = Type.Object({
  aligned_count: int('buckets where both the pair count and the resource have points'),
  insufficient_data: Type.Literal(true),
  message: Type.String()
})

/** What one more pair costs in a resource whose unit `unit` names. */
const resourceCost = (unit: string): ReturnType<typeof Type.Union> => Type.Union([
  Type.Object({
    aligned_count: int('buckets where both the pair count and the resource have points'),
    marginal_cost_per_pair: num(`regression slope: ${unit} per additional pair`),
    stderr: num(`standard error of the slope, ${unit} per pair`),
    ci_low: num('lower bound of the slope\'s interval'),
    ci_high: num('upper bound of the slope\'s interval'),
    confidence: num('1 − alpha'),
    intercept: num(`fitted level at zero pairs, ${unit}`),
    r_squared: num('0..1'),
    current_pairs: num('mean pair count in the newest aligned bucket'),
    current_fitted: Type.Object({
      value: num(unit),
      lower: num('lower bound of the prediction interval'),
      upper: num('upper bound of the prediction interval')
    }, { description: 'fitted level at current_pairs' }),
    threshold: nullable(`the threshold asked, ${unit}; null without one`),
    pairs_at_threshold: nullable('pair count where the fitted line reaches the threshold; null without a threshold or a significant slope'),
    note: Type.Union([Type.String(), Type.Null()], { description: 'why pairs_at_threshold is null, when it is' })
  }),
  CapacityInsufficientSchema
], { description: 'fewer than 3 aligned buckets with 2 pair counts: insufficient_data' })

/** GET /capacity. */
export const CapacitySchema = Type.Object({
  pairs_metric: Type.String(),
  step_ms: num('bucket width the series are aligned on, ms'),
  resources: Type.Object({
    cpu_percent: resourceCost('% of one core'),
    memory_percent: resourceCost('% of total memory'),
    engine_cycle_time: resourceCost('seconds')
  })
})
