import { Type } from 'typebox'

const num = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const status = (what: string): ReturnType<typeof Type.Object> => Type.Object({
  url: Type.String({ description: `${what} base URL: scheme, host and port (path, query and credentials left out)` }),
  ok: Type.Boolean({ description: 'the last refresh read it' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the last refresh could not read it' })
})

const AlertSchema = Type.Object({
  alertname: Type.String(),
  severity: Type.String(),
  summary: Type.String(),
  starts_at: Type.String({ description: 'RFC 3339, as Alertmanager gives it' }),
  labels: Type.Record(Type.String(), Type.String())
})

const RowSchema = Type.Object({
  bot: Type.String({ description: 'the bot label (BOT_ID)' }),
  labels: Type.Record(Type.String(), Type.String(), { description: 'the bot\'s other labels: BOT_LABELS, job, instance' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'the bot\'s own dashboard (its bot_url label)' }),
  status: Type.Union([Type.Literal('up'), Type.Literal('stale')], { description: 'stale: no sample for longer than the stale limit' }),
  last_sample_ms: num('newest sample of the bot in the store, epoch ms'),
  health: Type.Union(['down', 'critical', 'warning', 'healthy', 'unknown'].map((h) => Type.Literal(h)), { description: 'down when stale, else the worst firing alert; unknown without ALERTMANAGER_URL' }),
  alerts: Type.Array(AlertSchema, { description: 'firing alerts of the bot (its bot label, or its instance)' }),
  today_pnl: num('realized P&L since 00:00 UTC, quote currency'),
  total_pnl: num('realized P&L of every closed trade, quote currency'),
  win_rate: num('wins / closed trades, 0..1'),
  open_positions: num('positions open now'),
  closed_trades: num('closed trade records'),
  equity: num('equity the bot reports (series equity), quote currency'),
  cycle_p99_seconds: num('engine cycle p99 over 5 minutes, seconds'),
  order_latency_p99_seconds: num('order execution latency p99 over 5 minutes, seconds')
})

/** GET /api/fleet's answer. */
export const FleetSnapshotSchema = Type.Object({
  generated_at: Type.Number({ description: 'epoch ms' }),
  refresh_ms: Type.Integer({ description: 'answers are reused this long; the page polls at this period' }),
  stale: Type.Boolean({ description: 'the store could not be read at the last refresh: bots are the last good rows' }),
  data_as_of: num('when bots were read, epoch ms'),
  store: status('the store\'s query API (FLEET_QUERY_URL)'),
  alertmanager: Type.Union([status('Alertmanager (ALERTMANAGER_URL)'), Type.Null()]),
  bots: Type.Array(RowSchema, { description: 'one row per bot, worst first' })
})
