import type { TSchema } from 'typebox'
import { ConfigSchema } from './schema.ts'
import type { SettingAnnotations } from './schema.ts'

/** One setting of the schema: its dotted path and schema, and the variable and flag that set it. */
export interface Setting {
  path: string
  schema: SchemaNode
}

/** A node of the schema as JSON Schema sees it, with our annotations. */
export type SchemaNode = TSchema & SettingAnnotations & {
  type?: string
  properties?: Record<string, SchemaNode>
  patternProperties?: Record<string, SchemaNode>
  required?: string[]
  anyOf?: SchemaNode[]
  items?: SchemaNode
  const?: unknown
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  pattern?: string
  minLength?: number
}
type Node = SchemaNode

function collect (node: Node, path: string, out: Setting[]): void {
  if (node.properties !== undefined && node.type === 'object') {
    for (const [key, child] of Object.entries(node.properties)) collect(child, path === '' ? key : `${path}.${key}`, out)
    return
  }
  out.push({ path, schema: node })
}

/** Every setting of the schema, in its order: the rows of the README's configuration table. */
export const SETTINGS: readonly Setting[] = (() => {
  const out: Setting[] = []
  collect(ConfigSchema as unknown as Node, '', out)
  return Object.freeze(out)
})()

/** The settings a variable or a flag sets. */
export const SOURCED_SETTINGS: readonly Setting[] = SETTINGS.filter((s) => s.schema.env !== undefined || s.schema.flag !== undefined)

/** The settings by the variable that sets them (`PORT` -> port); pattern variables (`HEALTH_RULE_<ID>_<FIELD>`) aside. */
export const BY_ENV: ReadonlyMap<string, Setting> = new Map(SETTINGS.filter((s) => s.schema.env !== undefined && !s.schema.env.includes('<'))
  .map((s) => [s.schema.env as string, s]))

/** The settings by flag name without dashes (`port` -> port, `no-persist` -> persist). */
export const BY_FLAG: ReadonlyMap<string, Setting> = new Map(SETTINGS.filter((s) => s.schema.flag !== undefined)
  .map((s) => [(s.schema.flag as string).slice(2), s]))

/** The options of node:util parseArgs: every flag of the schema, and --help. */
export const PARSE_OPTIONS: Record<string, { type: 'string' | 'boolean', short?: string }> = Object.fromEntries([
  ...[...BY_FLAG].map(([flag, s]) => [flag, { type: s.schema.type === 'boolean' ? 'boolean' as const : 'string' as const }]),
  ['help', { type: 'boolean' as const, short: 'h' }]
])

function defaultOf (s: Setting): string {
  if (s.schema.defaultText !== undefined) return s.schema.defaultText
  if (s.schema.default === undefined) return ''
  return String(s.schema.default)
}

/** The default of a setting as the docs show it (`8000`, `none`, `` `<host>:<port>` ``); empty when there is none. */
export function defaultText (s: Setting): string {
  const text = defaultOf(s)
  return s.schema.unit === 's' && text !== '' ? `${text}s` : text
}

/** The flags the CLI accepts, for its help text: flag with its argument, then what it sets. */
export const FLAG_HELP: ReadonlyArray<[string, string]> = [...BY_FLAG].map(([flag, s]) => {
  const arg = s.schema.type === 'boolean' ? '' : ` <${s.schema.type === 'integer' || s.schema.type === 'number' ? 'n' : 'value'}>`
  const env = s.schema.env === undefined ? '' : `env ${s.schema.env}`
  // A switch's default is what the flag does not do.
  const def = s.schema.type === 'boolean' ? '' : defaultText(s)
  const extra = [env, def === '' ? '' : `default ${def}`].filter((x) => x !== '').join(', ')
  return [`--${flag}${arg}`, `${(s.schema.description ?? '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')}${extra === '' ? '' : ` (${extra})`}`]
})
