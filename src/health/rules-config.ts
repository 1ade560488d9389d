import { ConfigError } from '../core/errors.ts'
import { validateMetricName } from '../core/label-set.ts'
import { read } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import { DEFAULT_RULES } from './default-rules.ts'
import { Direction, RuleSource, Severity, Statistic } from './rule.ts'
import type { HealthRule } from './rule.ts'
import { isSystemField, SYSTEM_FIELDS } from './system-window.ts'

const RULE_ID = /^[a-z][a-z0-9_]*$/
const ACTION = /^[a-z][a-z0-9_]*$/
// Prometheus' rule for alert names, so that either source may raise the alert.
const ALERTNAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** The keys a rule may have in a config file, and how each is read. */
const RULE_KEYS: Readonly<Record<string, (rule: HealthRule, v: unknown, key: string) => void>> = {
  id: () => {},
  alertname: (r, v, k) => { r.alertname = read.string(v, k, ALERTNAME) },
  description: (r, v, k) => { r.description = read.string(v, k) },
  source: (r, v, k) => { r.source = read.oneOf(v, k, Object.values(RuleSource)) },
  metric: (r, v, k) => { r.metric = read.string(v, k) },
  match: (r, v, k) => { r.match = read.labels(v, k) },
  fallback: (r, v, k) => { r.fallback = v === null ? null : read.string(v, k) },
  statistic: (r, v, k) => { r.statistic = read.oneOf(v, k, Object.values(Statistic)) },
  window: (r, v, k) => { r.windowMs = read.durationMs(v, k, { min: 1 }) },
  warning: (r, v, k) => { r.warning = read.threshold(v, k) },
  critical: (r, v, k) => { r.critical = read.threshold(v, k) },
  direction: (r, v, k) => { r.direction = read.oneOf(v, k, Object.values(Direction)) },
  for: (r, v, k) => { r.forMs = read.durationMs(v, k) },
  keep_firing_for: (r, v, k) => { r.keepFiringForMs = read.durationMs(v, k) },
  predict: (r, v, k) => { r.predict = read.boolean(v, k) },
  predict_min_points: (r, v, k) => { r.predictMinPoints = read.number(v, k, { min: 3, integer: true }) },
  predict_min_history: (r, v, k) => { r.predictMinHistoryMs = read.durationMs(v, k) },
  target: (r, v, k) => { r.target = read.threshold(v, k) },
  no_data: (r, v, k) => { r.noData = read.oneOf(v, k, Object.values(Severity)) },
  actions: (r, v, k) => { r.actions = read.stringList(v, k, ACTION) },
  actions_on: (r, v, k) => { r.actionsOn = read.oneOf(v, k, ['warning', 'critical'] as const) },
  readiness: (r, v, k) => { r.readiness = read.boolean(v, k) },
  enabled: (r, v, k) => { r.enabled = read.boolean(v, k) },
  labels: (r, v, k) => { r.labels = read.labels(v, k) }
}

/** Names of the rule keys, for docs and errors. */
export const RULE_CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(RULE_KEYS))

/** What a new rule (not overriding a built-in) gets for each key it leaves out. */
function newRule (id: string): HealthRule {
  return {
    id,
    alertname: id,
    description: id,
    source: 'series',
    metric: '',
    match: {},
    fallback: null,
    statistic: 'latest',
    windowMs: 60_000,
    warning: null,
    critical: null,
    direction: 'above',
    forMs: 0,
    keepFiringForMs: 0,
    predict: false,
    predictMinPoints: 10,
    predictMinHistoryMs: 5 * 60_000,
    target: null,
    noData: 'ok',
    actions: [],
    actionsOn: 'critical',
    readiness: false,
    enabled: true,
    labels: {}
  }
}

/**
 * Reads a rule from its config entry: over the built-in of the same id
 * (only the keys given change) or as a new rule. Throws ConfigError naming
 * the key.
 */
export function ruleFromConfig (raw: unknown, key: string, base: HealthRule | null): HealthRule {
  const o = read.object(raw, key)
  const id = read.string(o.id, `${key}.id`, RULE_ID)
  const at = `health.rules.${id}`
  read.knownKeys(o, RULE_CONFIG_KEYS, at)
  const rule: HealthRule = base === null ? newRule(id) : { ...base }
  if (base === null && o.metric === undefined) throw new ConfigError(`${at}.metric`, 'is required for a rule that is not a built-in')
  for (const [k, v] of Object.entries(o)) RULE_KEYS[k](rule, v, `${at}.${k}`)
  // A system field names its source; say `source: series` for a series of the same name.
  if (base === null && o.source === undefined && isSystemField(rule.metric)) rule.source = 'system'
  checkRule(rule)
  return rule
}

/** Cross-field checks on a complete rule. */
export function checkRule (rule: HealthRule): void {
  const at = `health.rules.${rule.id}`
  if (rule.warning === null && rule.critical === null) throw new ConfigError(`${at}.warning`, 'a rule needs a warning or a critical threshold (or both)')
  const lessIsWorse = rule.statistic === 'time_to_breach' || rule.direction === 'below'
  if (rule.warning !== null && rule.critical !== null) {
    if (lessIsWorse ? rule.critical > rule.warning : rule.critical < rule.warning) {
      const why = rule.statistic === 'time_to_breach' ? 'time_to_breach: less time left is worse' : `direction ${rule.direction}`
      throw new ConfigError(`${at}.critical`, `must be ${lessIsWorse ? 'at most' : 'at least'} the warning threshold ${rule.warning} (${why})`)
    }
  }
  if (rule.statistic === 'time_to_breach' && rule.target === null) throw new ConfigError(`${at}.target`, 'is required with statistic time_to_breach')
  if (rule.source === 'value' && rule.predict) throw new ConfigError(`${at}.predict`, 'a value provider has no history to fit a trend to')
  if (rule.source === 'value' && rule.statistic !== 'latest') throw new ConfigError(`${at}.statistic`, 'a value provider has only its latest value: use latest')
  if (rule.source === 'system' && !isSystemField(rule.metric)) {
    throw new ConfigError(`${at}.metric`, `is not a system sample field; fields: ${SYSTEM_FIELDS.join(', ')}`)
  }
  if (rule.source === 'series') {
    try {
      validateMetricName(rule.metric)
    } catch (error) {
      throw new ConfigError(`${at}.metric`, (error as Error).message)
    }
  }
  if (rule.source !== 'series' && Object.keys(rule.match).length > 0) throw new ConfigError(`${at}.match`, 'only series rules filter by labels')
  if (rule.source === 'value' && rule.fallback !== null) throw new ConfigError(`${at}.fallback`, 'a value rule reads a provider already: only series and system rules take a fallback')
}

/**
 * The rules a health config section describes: the built-ins (unless
 * `builtin_rules: false`), each overridden by the entry of the same id,
 * then the new rules, in order.
 */
export function rulesFromConfig (section: RawObject): HealthRule[] {
  const builtins = section.builtin_rules === undefined ? true : read.boolean(section.builtin_rules, 'health.builtin_rules')
  const rules = new Map<string, HealthRule>()
  if (builtins) for (const r of DEFAULT_RULES) rules.set(r.id, r)
  const list = section.rules ?? []
  if (!Array.isArray(list)) throw new ConfigError('health.rules', 'must be a list of rules')
  const seen = new Set<string>()
  list.forEach((raw, i) => {
    const id = read.object(raw, `health.rules[${i}]`).id
    const rule = ruleFromConfig(raw, `health.rules[${i}]`, typeof id === 'string' ? rules.get(id) ?? null : null)
    if (seen.has(rule.id)) throw new ConfigError(`health.rules[${i}].id`, `duplicate rule id ${rule.id}`)
    seen.add(rule.id)
    rules.set(rule.id, rule)
  })
  return [...rules.values()].map((r) => Object.freeze(r))
}

/** Rule fields an environment variable `HEALTH_RULE_<ID>_<FIELD>` may set, longest first. */
const ENV_RULE_FIELDS = ['keep_firing_for', 'critical', 'warning', 'enabled', 'window', 'for'] as const

/**
 * Applies `HEALTH_RULE_<ID>_<FIELD>` variables (e.g.
 * `HEALTH_RULE_CPU_HIGH_WARNING=85`) to the raw rule list of a section,
 * where `<ID>` is a rule id in upper case, and records in `sources` which
 * variable set which key (`health.rules.cpu_high.warning`). The values are
 * checked with the rest of the rule, so that their errors name the key and
 * the variable. A variable naming no rule is an error: a typo must not pass
 * silently.
 */
export function applyRuleEnv (section: RawObject, env: Readonly<Record<string, string | undefined>>, knownIds: readonly string[],
  sources: Map<string, string> = new Map()): RawObject {
  const vars = Object.keys(env).filter((k) => k.startsWith('HEALTH_RULE_') && env[k] !== undefined && env[k] !== '').sort()
  if (vars.length === 0) return section
  const list: RawObject[] = Array.isArray(section.rules) ? section.rules.map((r, i) => ({ ...read.object(r, `health.rules[${i}]`) })) : []
  const ids = [...new Set([...knownIds, ...list.map((r) => String(r.id))])].sort((a, b) => b.length - a.length)
  for (const name of vars) {
    const rest = name.slice('HEALTH_RULE_'.length)
    const id = ids.find((candidate) => rest.startsWith(candidate.toUpperCase() + '_'))
    const field = id === undefined ? undefined : ENV_RULE_FIELDS.find((f) => rest === `${id.toUpperCase()}_${f.toUpperCase()}`)
    if (id === undefined || field === undefined) {
      throw new ConfigError('health.rules', `names no rule field; expected HEALTH_RULE_<ID>_<${ENV_RULE_FIELDS.map((f) => f.toUpperCase()).join('|')}> with a rule id in upper case`, name)
    }
    let entry = list.find((r) => r.id === id)
    if (entry === undefined) { entry = { id }; list.push(entry) }
    entry[field] = env[name]
    sources.set(`health.rules.${id}.${field}`, name)
  }
  return { ...section, rules: list }
}
